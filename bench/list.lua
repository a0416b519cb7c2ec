-- wrk script: pages through the register, GET /api/v1/complaints?FILTER&limit=50[&cursor=...].
--
--   wrk -t1 -c1 -d10s --latency -s bench/list.lua http://127.0.0.1:PORT
--
-- Half the requests open the first page of a filter drawn from the list below (filters a
-- desk officer uses on the CFPB data: a product, an issue, a company, a channel, a status,
-- a month, and two combinations), newest first; the other half ask for the next page,
-- following the next_cursor of the last list this thread received. Values exist in the
-- CFPB data, so every filter matches rows (from a few hundred to most of the register).
-- TOKEN is an API token of a user allowed to read complaints.
-- LIST_FILTER=<query> (e.g. LIST_FILTER='product=Mortgage') uses that one filter only.
--
-- With more connections than threads, a cursor may be followed under another filter
-- than the one it came from: still a valid keyset page of that filter, just not the
-- continuation of the same list.

local filters = {
  "product=Mortgage",
  "product=Debt%20collection",
  "product=Student%20loan",
  "category=Incorrect%20information%20on%20your%20report",
  "organisation=EQUIFAX%2C%20INC.",
  "channel=phone",
  "status=closed",
  "received_from=2019-05-01&received_to=2019-05-31",
  "product=Mortgage&received_from=2019-01-01&received_to=2019-12-31",
  "channel=phone&product=Debt%20collection",
}

if os.getenv("LIST_FILTER") then
  filters = { os.getenv("LIST_FILTER") }
end

local token = os.getenv("TOKEN") or error("list.lua: set TOKEN to an API token")
local headers = { ["Authorization"] = "Bearer " .. token }

local counter = 0
local filter = filters[1]
local cursor = nil

function init(args)
  math.randomseed((thread_id or 0) * 31 + 5)
end

function setup(thread)
  setup_threads = (setup_threads or 0) + 1
  thread:set("thread_id", setup_threads)
end

function request()
  counter = counter + 1
  if counter % 2 == 0 and cursor then
    return wrk.format("GET", "/api/v1/complaints?" .. filter .. "&limit=50&cursor=" .. cursor, headers)
  end
  filter = filters[math.random(#filters)]
  return wrk.format("GET", "/api/v1/complaints?" .. filter .. "&limit=50", headers)
end

function response(status, headers, body)
  if status ~= 200 then
    cursor = nil
    return
  end
  cursor = body:match('"next_cursor":"([^"]+)"')  -- base64url: needs no escaping
end
