-- wrk's summary as one line: requests, non-2xx/3xx answers, socket errors, p50/p95/p99 in µs.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("SUMMARY %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
