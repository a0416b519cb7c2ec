-- wrk script: reads complaint cards by register number, GET /api/v1/complaints/{number}.
--
--   NUMBERS=numbers.txt wrk -t2 -c64 -d10s --latency -s bench/get.lua http://127.0.0.1:PORT
--
-- NUMBERS names a file of register numbers known to exist, one per line (bench/run-all
-- samples them at random from the database under test). Each thread walks the list from
-- its own random starting point in its own random order, so the reads spread over the
-- whole register rather than hitting a few hot pages. TOKEN is an API token of a user
-- allowed to read complaints.

local numbers = {}
local tid = 0
local token = os.getenv("TOKEN") or error("get.lua: set TOKEN to an API token")
local headers = { ["Authorization"] = "Bearer " .. token }

function setup(thread)
  setup_threads = (setup_threads or 0) + 1
  thread:set("thread_id", setup_threads)
end

function init(args)
  tid = thread_id or 0
  local path = os.getenv("NUMBERS")
  if not path then
    error("get.lua: set NUMBERS to a file of register numbers, one per line")
  end
  for line in io.lines(path) do
    if line ~= "" then
      numbers[#numbers + 1] = line
    end
  end
  if #numbers == 0 then
    error("get.lua: " .. path .. " holds no register numbers")
  end
  math.randomseed(tid * 104729 + 3)
  for i = #numbers, 2, -1 do  -- Fisher-Yates, per thread
    local j = math.random(i)
    numbers[i], numbers[j] = numbers[j], numbers[i]
  end
end

local next_index = 0

function request()
  next_index = next_index % #numbers + 1
  return wrk.format("GET", "/api/v1/complaints/" .. numbers[next_index], headers)
end
