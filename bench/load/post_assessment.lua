-- Durable assessment writes: every request records a new assessment, a (patient, time) never
-- sent before, with an Idempotency-Key of its own, as the bedside form does. A 201 is sent only
-- once the write is committed (fsynced).
--   wrk -s post_assessment.lua URL -- TOKEN PREFIX PATIENTS_PER_THREAD FIRST_EPOCH
-- Patients PREFIX-<thread>-<k> (k < PATIENTS_PER_THREAD) must exist (bench/load/prepare.py).
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

local token, prefix, per_thread, first_epoch
local counter = 0

function init(args)
  token, prefix = args[1], args[2]
  per_thread = tonumber(args[3])
  first_epoch = tonumber(args[4])
  wrk.method = "POST"
end

function request()
  counter = counter + 1
  local patient = prefix .. "-" .. thread_index .. "-" .. (counter % per_thread)
  -- One second apart per request of this thread: unique per patient, and per thread.
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", first_epoch + counter)
  local body = string.format(
    '{"time":"%s","temperature":{"value":%.1f,"unit":"Cel"},"oxygen":{"device":"room_air"},' ..
    '"hypotension":false,"vasopressors":[]}', at, 36.5 + (counter % 30) / 10)
  -- wrk.format takes these headers instead of wrk.headers, so all of them are named here.
  return wrk.format(nil, "/api/patients/" .. patient .. "/assessments", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. thread_index .. "-" .. counter,
  }, body)
end
