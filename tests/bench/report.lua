-- What every load script reports when wrk is done: one line the benchmark reads, with the
-- requests, the rate, the median and 99th percentile in ms, and the errors of every kind.

function done(summary, latency, requests)
  io.write(string.format("BENCH_WRK %d %.1f %.2f %.2f %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
