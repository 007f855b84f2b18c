-- POST a dry-run batch of 1 000 participants, each with its own valid identity code (every
-- code checked for a duplicate).  wrk ... -s post_batch_identity.lua URL -- PATH TOKEN
local CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
function init(args)
  path = args[1]
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  local items = {}
  for i = 1, 1000 do
    local day = 1 + (i % 28)
    local individual = 100 + math.floor(i / 28)
    local digits = string.format("%02d0590%03d", day, individual)
    local c = (tonumber(digits) % 31) + 1
    local code = string.format("%02d0590-%03d%s", day, individual, CHECK:sub(c, c))
    items[i] = string.format('{"entry_date":"2019-03-01","gender":"female","birth_date":"1990-05-%02d",' ..
      '"labour_market_status":"unemployed","unemployed_since":"2018-01-01","education":"isced_3_4",' ..
      '"identity_code":"%s"}', day, code)
  end
  body = '{"items":[' .. table.concat(items, ",") .. ']}'
end
function request()
  return wrk.format("POST", path, nil, body)
end
