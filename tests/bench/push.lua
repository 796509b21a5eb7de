-- A push of one new request per call, as a tablet sends them: mutation ids, case ids and
-- reference numbers never repeat, so every push is applied, none answered from memory.
-- Arguments: the session cookie, the device's id and number, and where its counting starts.

local DAMM = {
  {0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
  {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
  {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
  {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
  {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

local function check_digit(digits)
  local interim = 0
  for d in digits:gmatch("%d") do
    interim = DAMM[interim + 1][tonumber(d) + 1]
  end
  return interim
end

local function uuid()
  local hex = "0123456789abcdef"
  return (("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"):gsub("[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return hex:sub(v + 1, v + 1)
  end))
end

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local device, device_id, count
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Cookie"] = args[1]
  wrk.headers["x-brs-request"] = "1"
  device_id, device = args[2], args[3]
  -- Each thread counts in a range of its own, above the requests seeded on this device.
  count = tonumber(args[4]) + index * 100000
  math.randomseed(os.time() + index * 7919)
end

function request()
  count = count + 1
  local body = string.format("%s%04d", device, count)
  local reference = string.format("%s-%04d-%d", device, count, check_digit(body))
  return wrk.format(nil, "/api/sync/push", nil, string.format(
    '{"device_id":"%s","mutations":[{"mutation_id":"%s","case_id":"%s","base_revision":0,' ..
    '"created_at":"2026-11-25T08:00:00Z","op":{"type":"create","reference":"%s","request":' ..
    '{"channel":"in_person","applicant":{"first_name":"محمد","family_name":"الفيفي",' ..
    '"centre":"الحسيني","address":"شرق المسجد الجامع"}}}}]}',
    device_id, uuid(), uuid(), reference))
end

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
