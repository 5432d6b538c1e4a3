-- Grade previews (the live assessment form): POST /api/preview, graded with the stored context of
-- one of the bench patients; nothing is stored.
--   wrk -s preview.lua URL -- TOKEN PREFIX PATIENTS_PER_THREAD FIRST_EPOCH
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

local prefix, per_thread, first_epoch
local counter = 0

function init(args)
  prefix = args[2]
  per_thread = tonumber(args[3])
  first_epoch = tonumber(args[4])
  wrk.method = "POST"
  wrk.path = "/api/preview"
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local patient = prefix .. "-" .. thread_index .. "-" .. (counter % per_thread)
  local body = string.format(
    '{"patient_id":"%s","time":"%s","temperature":{"value":%.1f,"unit":"Cel"},' ..
    '"oxygen":{"device":"nasal_cannula","flow_l_min":%d},"hypotension":false,"vasopressors":[]}',
    patient, os.date("!%Y-%m-%dT%H:%M:%SZ", first_epoch + counter), 37.0 + (counter % 30) / 10,
    1 + counter % 6)
  return wrk.format(nil, nil, nil, body)
end
