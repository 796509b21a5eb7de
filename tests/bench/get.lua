-- The cheapest request a signed-in device makes: the session check the app sends at start
-- (`GET /api/me`), which reads the session and its user and answers who is signed in.
-- Argument: the session cookie. The ceiling of HTTP plus session on this server.

function init(args)
  wrk.headers["Cookie"] = args[1]
  wrk.headers["x-brs-request"] = "1"
end

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
