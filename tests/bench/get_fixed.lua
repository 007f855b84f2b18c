-- GET one path.  wrk ... -s get_fixed.lua URL -- PATH TOKEN
function init(args)
  path = args[1]
  wrk.headers["Authorization"] = "Bearer " .. args[2]
end
function request()
  return wrk.format("GET", path)
end
