-- wrk script: staff web pages as a signed-in browser asks for them.
--
--   COOKIE='rdr_session=rdr_…' NUMBERS=numbers.txt PAGE=card wrk -t2 -c16 -d10s -s bench/page.lua http://127.0.0.1:PORT
--
-- PAGE=card:     GET /complaints/{number} over NUMBERS (the card: fields, timeline, actions)
-- PAGE=register: GET /register?q={word} over a few common words (search, first page)
-- PAGE=api:      GET /api/v1/complaints/{number} with TOKEN, for comparison in the same run

local page = os.getenv("PAGE") or "card"
local numbers = {}
local words = { "mortgage", "credit", "payment", "account", "report", "loan", "fee", "bank" }
local i = 0
local headers = {}

function init(args)
  if page == "api" then
    headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or error("page.lua: set TOKEN"))
  else
    headers["Cookie"] = os.getenv("COOKIE") or error("page.lua: set COOKIE to a session cookie")
  end
  if page ~= "register" then
    for line in io.lines(os.getenv("NUMBERS") or error("page.lua: set NUMBERS")) do
      if line ~= "" then numbers[#numbers + 1] = line end
    end
  end
  i = math.random(1, 1000)
end

function request()
  i = i + 1
  local path
  if page == "register" then
    path = "/register?q=" .. words[i % #words + 1]
  elseif page == "api" then
    path = "/api/v1/complaints/" .. numbers[i % #numbers + 1]
  else
    path = "/complaints/" .. numbers[i % #numbers + 1]
  end
  return wrk.format("GET", path, headers)
end

function response(status, hdrs, body)
  if status ~= 200 then
    error("page.lua: status " .. status)
  end
end
