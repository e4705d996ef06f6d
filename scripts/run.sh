#!/usr/bin/env bash
# `make run`: start Elasticsearch (and Redis when installed), migrate, seed the demo data and run
# web + Celery worker + beat under honcho. One Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"

started=()
cleanup() {
  [ ${#started[@]} -gt 0 ] && scripts/services.sh stop "${started[@]}" || true
}
trap cleanup EXIT

if [ -z "${ELASTICSEARCH_URL_SET:-}" ] && ! scripts/services.sh status es | grep -q up; then
  scripts/services.sh start es && started+=(es)
fi
if [ -z "${CELERY_BROKER_URL:-}" ]; then
  if command -v redis-server >/dev/null; then
    scripts/services.sh status redis | grep -q up || { scripts/services.sh start redis && started+=(redis); }
  else
    # No Redis on this machine: kombu's filesystem transport is a real broker for one host.
    export CELERY_BROKER_URL="filesystem://"
    echo "[run] redis-server not found: using the filesystem broker under .run/broker"
  fi
fi
if [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" == postgres* ]] && [[ "$DATABASE_URL" == *127.0.0.1:54329* ]]; then
  scripts/services.sh start pg && started+=(pg)
fi

$BIN/python manage.py migrate --noinput -v 0
$BIN/python manage.py collectstatic --noinput -v 0
$BIN/python manage.py seed_demo
$BIN/python manage.py search_setup || echo "[run] search index not ready; the reconcile task will fill it"

cat <<INFO

  청(聽) Cheong is starting on http://127.0.0.1:8000
    home            http://127.0.0.1:8000/
    Wagtail admin   http://127.0.0.1:8000/admin/
    HQ topic search http://127.0.0.1:8000/hq/
    API docs        http://127.0.0.1:8000/api/v1/docs/
    health          http://127.0.0.1:8000/healthz
  demo logins (password: ${DEMO_PASSWORD:-cheong-demo-2026}):
    admin, hq, auditor, officer_traffic, head_traffic, officer_safety, head_safety,
    partner_rep, partner_member, member_other
  Ctrl-C stops everything.

INFO
$BIN/honcho start -f Procfile
