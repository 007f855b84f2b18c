-- GET <prefix><id> for a random id from a file.  wrk ... -s get_random.lua URL -- IDS PREFIX [TOKEN]
local ids = {}
function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  prefix = args[2]
  if args[3] then wrk.headers["Authorization"] = "Bearer " .. args[3] end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end
