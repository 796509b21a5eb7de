-- The peer's single-document write: one new document of a request's size per call,
-- POSTed to a pouchdb-server database, which gives it an id and a revision.

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"channel":"in_person","applicant":{"first_name":"محمد","family_name":"الفيفي",' ..
  '"centre":"الحسيني","address":"شرق المسجد الجامع"}}'

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
