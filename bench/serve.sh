#!/bin/sh
# Serves the application for the load benchmarks: gunicorn on loopback, production settings (DEBUG off,
# no HTTPS redirect since wrk and locust speak plain HTTP on loopback), the benchmark database.
#   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sippt_bench bench/serve.sh
# Workers: WEB_WORKERS (default 3) processes x WEB_THREADS (default 4) threads.
cd "$(dirname "$0")/.." || exit 1
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/sippt_bench}"
export DEBUG=False SECURE_SSL_REDIRECT=False
export SECRET_KEY="${SECRET_KEY:-bench-only-secret-key-not-for-production-use-0123456789}"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export DB_CONN_MAX_AGE="${DB_CONN_MAX_AGE:-60}"
exec .venv/bin/gunicorn sippt.wsgi:application --bind 127.0.0.1:${PORT:-8000} \
    --workers "${WEB_WORKERS:-3}" --threads "${WEB_THREADS:-4}" --worker-class "${WEB_WORKER_CLASS:-gthread}" \
    --access-logfile "${ACCESS_LOG:-var/bench/access.log}" \
    --access-logformat '%(h)s "%(r)s" %(s)s %(b)s %(M)sms' --log-level warning
