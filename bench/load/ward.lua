-- Ward-board reads: GET /api/ward (every patient on the ward graded from its stored course).
--   wrk -s ward.lua URL -- TOKEN
function init(args)
  wrk.method = "GET"
  wrk.path = "/api/ward"
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end
