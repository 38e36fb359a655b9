-- GCRA for one key, atomically, on Redis's clock. It mirrors
-- ratelimit.Decide, working in nanoseconds relative to now so that every
-- number stays exact in Lua's doubles.
--
-- KEYS[1]  the key's theoretical arrival time (TAT): "<unix seconds> <nanoseconds>"
-- ARGV[1]  the emission interval in nanoseconds (window / limit)
-- ARGV[2]  the window in nanoseconds
-- ARGV[3]  how long the TAT is kept, in milliseconds
--
-- Returns {allowed (0 or 1), now seconds, now microseconds, TAT seconds,
-- TAT nanoseconds}, the TAT being the one stored before this request (0 0
-- when there was none).
local t = redis.call('TIME')
local now_s, now_us = tonumber(t[1]), tonumber(t[2])
local now_ns = now_us * 1000
local tat_s, tat_ns = 0, 0
local ahead = 0 -- TAT minus now in nanoseconds, at least 0
local v = redis.call('GET', KEYS[1])
if v then
	local sp = string.find(v, ' ', 1, true)
	tat_s = tonumber(string.sub(v, 1, sp - 1))
	tat_ns = tonumber(string.sub(v, sp + 1))
	ahead = (tat_s - now_s) * 1000000000 + (tat_ns - now_ns)
	if ahead < 0 then
		ahead = 0
	end
end
local interval, window = tonumber(ARGV[1]), tonumber(ARGV[2])
if ahead + interval - window > 0 then
	return {0, now_s, now_us, tat_s, tat_ns}
end
local x = now_ns + ahead + interval
local ns = x % 1000000000
local s = now_s + (x - ns) / 1000000000
redis.call('SET', KEYS[1], string.format('%d %d', s, ns), 'PX', ARGV[3])
return {1, now_s, now_us, tat_s, tat_ns}
