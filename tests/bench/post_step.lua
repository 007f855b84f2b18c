-- POST step 1 for the next participant of this thread's share of a file of new participants.
-- wrk ... -s post_step.lua URL -- IDS TOKEN [PREFIX (default /v1/participants/)]
local threads = {}
local counter = 0
function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end
function init(args)
  ids = {}
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  prefix = args[3] or "/v1/participants/"
  n = 0
  body = '{"step":1,"entered_on":"2019-03-02"}'
end
function request()
  n = n + 1
  -- Threads interleave: thread k takes ids k+1, k+1+T, ... (T = 2 threads).
  local i = ((n - 1) * 2 + index) % #ids + 1
  return wrk.format("POST", prefix .. ids[i] .. "/steps", nil, body)
end
