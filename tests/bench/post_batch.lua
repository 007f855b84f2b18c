-- POST a batch of 1 000 new participants.  wrk ... -s post_batch.lua URL -- PATH TOKEN
function init(args)
  path = args[1]
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  local item = '{"entry_date":"2019-03-01","gender":"female","birth_date":"1990-05-05",' ..
    '"labour_market_status":"unemployed","unemployed_since":"2018-01-01","education":"isced_3_4",' ..
    '"degree_of_urbanisation":"rural_areas","notes":"Vertaisryhmä ja työkokeilu"}'
  local items = {}
  for i = 1, 1000 do items[i] = item end
  body = '{"items":[' .. table.concat(items, ",") .. ']}'
end
function request()
  return wrk.format("POST", path, nil, body)
end
