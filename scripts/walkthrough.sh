#!/usr/bin/env bash
# The README's walk-through: a strike cell's first hour, against a running API and worker.
# Works on a fresh database and on one seeded by `npm run seed:demo` (and when run again): it uses its
# own trust (ODS code RRV), finds what an earlier run made, and stops at the first failure, showing it.
# Needs curl, jq and node (for dates). Run from the repository: bash scripts/walkthrough.sh
set -euo pipefail
command -v jq >/dev/null || { echo "The walk-through needs jq (apt install jq, brew install jq)" >&2; exit 1; }
[ -f .env ] && { set -a; . ./.env; set +a; }   # the admin that .env created, like the API read it

API=${API:-http://localhost:${PORT:-3000}/api/v1}
EMAIL=${ADMIN_EMAIL:-${BOOTSTRAP_ADMIN_EMAIL:-admin@example.com}}
PASSWORD=${ADMIN_PASSWORD:-${BOOTSTRAP_ADMIN_PASSWORD:-change-me-on-first-login}}
ODS=RRV

# api METHOD PATH [JSON]: the answer's body; on an HTTP error, says which and stops the script.
api() {
  local out status=0
  out=$(curl --fail-with-body -sS -X "$1" "$API$2" -H "Authorization: Bearer ${TOKEN:-}" ${3:+-H 'content-type: application/json' -d "$3"}) || status=$?
  case $status in
    0) printf '%s' "$out" ;;
    7) echo "✗ nothing answers at $API: is the API running (npm start)?" >&2; exit 1 ;;
    *) echo "✗ $1 $2 failed: $out" >&2
       [ "$2" != /auth/token ] || echo "  The API creates this admin at its start from BOOTSTRAP_ADMIN_* in .env: cp .env.example .env, then restart it." >&2
       exit 1 ;;
  esac
}
# refused STATUS METHOD PATH JSON: a request the rules must refuse; shows the refusal, stops if it was not refused.
refused() {
  local out
  out=$(curl -sS -o - -w '\n%{http_code}' -X "$2" "$API$3" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "$4")
  [ "${out##*$'\n'}" = "$1" ] || { echo "✗ expected $1 from $2 $3, got: $out" >&2; exit 1; }
  echo "${out%$'\n'*}" | jq -c '{statusCode, code, message}'
}
# at DAYS HH:MM: that Europe/London wall-clock time, DAYS from today, with its offset.
at() { node -p "require('luxon').DateTime.now().setZone('Europe/London').plus({ days: $1 }).set({ hour: ${2%:*}, minute: ${2#*:}, second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true })"; }
step() { printf '\n== %s\n' "$*"; }

step "1. Sign in as $EMAIL"
TOKEN=$(api POST /auth/token "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | jq -r .accessToken)

step "2. A trust, a site and its departments (found if an earlier run made them)"
TRUST=$(api GET '/trusts?limit=500' | jq -r --arg ods "$ODS" '.items[] | select(.odsCode == $ods) | .id')
[ -n "$TRUST" ] || TRUST=$(api POST /trusts "{\"odsCode\":\"$ODS\",\"name\":\"University College London Hospitals NHS Foundation Trust\"}" | jq -r .id)
T=/trusts/$TRUST
SITE=$(api GET "$T/sites" | jq -r '.items[] | select(.odsSiteCode == "RRV03") | .id')
[ -n "$SITE" ] || SITE=$(api POST "$T/sites" '{"odsSiteCode":"RRV03","name":"University College Hospital"}' | jq -r .id)
department() { # NAME KIND
  local id
  id=$(api GET "$T/departments?siteId=$SITE" | jq -r --arg name "$1" '.items[] | select(.name == $name) | .id')
  [ -n "$id" ] || id=$(api POST "$T/departments" "{\"siteId\":\"$SITE\",\"name\":\"$1\",\"kind\":\"$2\"}" | jq -r .id)
  echo "$id"
}
ED=$(department 'Emergency Department' emergency)
OPD=$(department 'Outpatients' outpatients)
echo "trust $TRUST, site $SITE, emergency department $ED"

step "3. A strike-cell admin for the trust (sees only this trust)"
curl -sS -X POST "$API/users" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d "{\"email\":\"strike-cell@rrv.example.com\",\"password\":\"a long password\",\"role\":\"trust-admin\",\"trustId\":\"$TRUST\"}" |
  jq -c 'if .code then {code, message} else {email, role} end'   # EMAIL_TAKEN when run again

step "4. Staff and patients in bulk (all-or-nothing; re-importing updates)"
api POST "$T/staff/import" "{\"items\":[
  {\"staffNumber\":\"C1001\",\"givenName\":\"Ada\",\"familyName\":\"Okafor\",\"grade\":\"consultant\",\"specialty\":\"emergency-medicine\",\"departmentId\":\"$ED\",\"mobile\":\"07700 900001\"},
  {\"staffNumber\":\"C1002\",\"givenName\":\"Tom\",\"familyName\":\"Reid\",\"grade\":\"consultant\",\"specialty\":\"emergency-medicine\",\"departmentId\":\"$ED\",\"mobile\":\"07700 900003\"},
  {\"staffNumber\":\"R2001\",\"givenName\":\"Ben\",\"familyName\":\"Hughes\",\"grade\":\"resident-doctor\",\"specialty\":\"emergency-medicine\",\"departmentId\":\"$ED\",\"mobile\":\"07700 900002\"}]}" | jq -c .
api POST "$T/patients/import" '{"items":[
  {"nhsNumber":"9434765919","givenName":"Sam","familyName":"Patel","dateOfBirth":"1961-04-23","mobile":"07700 900123","address":{"lines":["235 Euston Road","London"],"postcode":"NW1 2BU"}},
  {"nhsNumber":"9434765870","givenName":"Mia","familyName":"Clarke","dateOfBirth":"1984-11-02","email":"mia.clarke@example.com"}]}' | jq -c .
api GET "$T/patients?nhsNumber=943%20476%205919" | jq -c '.items[] | {givenName, familyName, mobile}'

step "5. Clinics in three weeks and after them, and the patients booked in them"
DAY0=$(at 21 09:00); DAY0B=$(at 21 09:30); AFTER1=$(at 24 09:00); AFTER2=$(at 25 09:00)
api POST "$T/slots/import" "{\"items\":[
  {\"externalRef\":\"RRV-CARD-1\",\"siteId\":\"$SITE\",\"departmentId\":\"$OPD\",\"specialty\":\"cardiology\",\"kind\":\"outpatient\",\"startsAt\":\"$DAY0\",\"endsAt\":\"$DAY0B\"},
  {\"externalRef\":\"RRV-CARD-2\",\"siteId\":\"$SITE\",\"departmentId\":\"$OPD\",\"specialty\":\"cardiology\",\"kind\":\"outpatient\",\"startsAt\":\"$DAY0B\",\"endsAt\":\"$(at 21 10:00)\"},
  {\"externalRef\":\"RRV-CARD-3\",\"siteId\":\"$SITE\",\"departmentId\":\"$OPD\",\"specialty\":\"cardiology\",\"kind\":\"outpatient\",\"startsAt\":\"$AFTER1\",\"endsAt\":\"$(at 24 09:30)\",\"capacity\":2},
  {\"externalRef\":\"RRV-CARD-4\",\"siteId\":\"$SITE\",\"departmentId\":\"$OPD\",\"specialty\":\"cardiology\",\"kind\":\"outpatient\",\"startsAt\":\"$AFTER2\",\"endsAt\":\"$(at 25 09:30)\"}]}" | jq -c .
api POST "$T/appointments/import" '{"items":[
  {"externalRef":"RRV-APT-1","nhsNumber":"9434765919","slotExternalRef":"RRV-CARD-1","kind":"outpatient-new","urgency":"routine","referralDate":"2026-06-01"},
  {"externalRef":"RRV-APT-2","nhsNumber":"9434765870","slotExternalRef":"RRV-CARD-2","kind":"outpatient-new","urgency":"two-week-wait","referralDate":"2026-11-20"}]}' | jq -c .
api GET "$T/slots?hasCapacity=true&from=$(at 22 00:00 | jq -Rr @uri)" | jq -c '[.items[] | {externalRef, startsAt, free}]'

step "6. Record the walkout the union announced (07:00 to 07:00, Europe/London); warnings flag short notice"
STARTS=$(at 21 07:00); ENDS=$(at 23 07:00)
WALKOUT=$(api GET "$T/walkouts?status=announced" | jq -r --arg s "$(node -p "new Date('$STARTS').toISOString()")" '[.items[] | select(.startsAt == $s)][0].id // empty')
[ -n "$WALKOUT" ] || WALKOUT=$(api POST "$T/walkouts" "{\"union\":\"BMA\",\"staffGroups\":[\"resident-doctor\"],\"mode\":\"full-walkout\",
  \"startsAt\":\"$STARTS\",\"endsAt\":\"$ENDS\",\"noticeReceivedAt\":\"$(at -1 09:00)\"}" | jq -r .id)
echo "walkout $WALKOUT"
echo "The union moves the end by a day; notice days and warnings follow:"
api PATCH "$T/walkouts/$WALKOUT" "{\"endsAt\":\"$(at 24 07:00)\"}" | jq -c '{startsAt, endsAt, status, noticeDays, warnings: [.warnings[].code]}'
api PATCH "$T/walkouts/$WALKOUT" "{\"endsAt\":\"$ENDS\"}" | jq -c '{endsAt}'

step "7. Who says they will strike"
api PUT "$T/walkouts/$WALKOUT/participation" '{"items":[{"staffNumber":"R2001","intendsToStrike":"yes"}]}' | jq -c .

step "8. What the walkout hits, then postpone it (one notice per patient; a repeat changes nothing)"
api GET "$T/walkouts/$WALKOUT/impact" | jq -c '{totals, keptBy}'
api POST "$T/walkouts/$WALKOUT/postponements" '{"dryRun":true}' | jq -c .
api POST "$T/walkouts/$WALKOUT/postponements" '{}' | jq -c .

step "9. Rebook the postponed appointments after the walkout (the worker runs it)"
RUN=$(api POST "$T/walkouts/$WALKOUT/rebooking-runs" '{}' | jq -r .runId)
for _ in $(seq 1 60); do
  STATUS=$(api GET "$T/rebooking-runs/$RUN" | jq -r .status)
  case $STATUS in succeeded) break ;; failed) echo "✗ rebooking run failed" >&2; exit 1 ;; esac
  sleep 1
done
[ "$STATUS" = succeeded ] || { echo "✗ rebooking run still $STATUS after 60 s: is the worker running (npm run start:worker)?" >&2; exit 1; }
api GET "$T/rebooking-runs/$RUN" | jq -c '{status, considered, placed, unplaced, within14Days}'
api GET "$T/walkouts/$WALKOUT/rebooking-runs" | jq -c '[.items[] | {id, status, placed}]'

step "10. Consultant cover: what the emergency department needs, a shift, a refused shift, the gaps"
api GET "$T/walkouts/$WALKOUT/cover-requirements" | jq -e '.items | length > 0' >/dev/null ||
  api POST "$T/walkouts/$WALKOUT/cover-requirements" "{\"departmentId\":\"$ED\",\"startsAt\":\"$(at 21 08:00)\",\"endsAt\":\"$(at 21 20:00)\",\"minConsultants\":2}" | jq -c '{id, minConsultants}'
api GET "$T/walkouts/$WALKOUT/cover-assignments?status=active" | jq -e '[.items[] | select(.staffNumber == "C1001")] | length > 0' >/dev/null ||
  api POST "$T/walkouts/$WALKOUT/cover-assignments" "{\"staffNumber\":\"C1001\",\"departmentId\":\"$ED\",\"startsAt\":\"$(at 21 08:00)\",\"endsAt\":\"$(at 21 20:00)\",\"consentRecorded\":true}" | jq -c '{staffNumber, startsAt, endsAt, status}'
echo "The same consultant again at 06:00 next morning breaks the 11 hours' rest:"
refused 422 POST "$T/walkouts/$WALKOUT/cover-assignments" "{\"staffNumber\":\"C1001\",\"departmentId\":\"$ED\",\"startsAt\":\"$(at 22 06:00)\",\"endsAt\":\"$(at 22 14:00)\",\"consentRecorded\":true}"
api GET "$T/walkouts/$WALKOUT/cover-gaps" | jq -c '{totals}'

step "11. A walkout already under way, recorded without its notice date (stored as unknown, with a warning)"
UNDERWAY=$(api GET "$T/walkouts?status=in-progress" | jq -r '.items[0].id // empty')
[ -n "$UNDERWAY" ] || UNDERWAY=$(api POST "$T/walkouts" "{\"union\":\"BMA\",\"staffGroups\":[\"resident-doctor\"],\"mode\":\"full-walkout\",
  \"startsAt\":\"$(node -p 'new Date(Date.now() - 3600e3).toISOString()')\",\"endsAt\":\"$(at 2 07:00)\"}" | jq -r .id)
api GET "$T/walkouts/$UNDERWAY" | jq -c '{status, noticeReceivedAt, noticeDays, warnings: [.warnings[].code]}'
api PUT "$T/walkouts/$UNDERWAY/participation" '{"items":[{"staffNumber":"R2001","intendsToStrike":"yes"}]}' | jq -c .

step "12. A major incident during it: the striking staff at the site are recalled first"
DECLARED=$(api POST "$T/major-incidents" "{\"level\":\"major\",\"state\":\"declared\",\"siteIds\":[\"$SITE\"],\"description\":\"Walk-through exercise: multiple casualties expected\"}")
echo "$DECLARED" | jq -c '{state, recall: {status: .recall.status, cohortSize: .recall.cohortSize}}'
INCIDENT=$(echo "$DECLARED" | jq -r .id)
sleep 2
api GET "$T/major-incidents/$INCIDENT/roll-call" | jq -c '{cohort, notified, attending, noResponse}'
api POST "$T/major-incidents/$INCIDENT/stand-down" '{}' | jq -c '{state}'
api GET "$T/notifications?limit=5" | jq -c '[.items[] | {purpose, channel, status}]'

step "13. Call a walkout off when the union suspends it"
LATER=$(api POST "$T/walkouts" "{\"union\":\"BMA\",\"staffGroups\":[\"resident-doctor\"],\"mode\":\"emergency-care-only\",
  \"startsAt\":\"$(at 42 08:00)\",\"endsAt\":\"$(at 43 08:00)\",\"noticeReceivedAt\":\"$(at 0 09:00)\"}" | jq -r .id)
api POST "$T/walkouts/$LATER/call-off" '{"reason":"Union suspended action after talks"}' | jq -c '{status, callOffReason}'

step "14. With the demo data (npm run seed:demo): the same flows on a seeded trust"
DEMO=${DEMO_TRUST:-RQM}
DEMO_ID=$(api GET '/trusts?limit=500' | jq -r --arg ods "$DEMO" '.items[] | select(.odsCode == $ods) | .id')
if [ -z "$DEMO_ID" ]; then
  echo "(no trust $DEMO here: run npm run seed:demo, then this script again, to try its seeded walkouts)"
else
  D=/trusts/$DEMO_ID
  SEEDED=$(api GET "$D/walkouts?status=announced" | jq -r '.items[0].id')
  echo "seeded walkout $SEEDED of $DEMO:"
  api GET "$D/walkouts/$SEEDED/impact" | jq -c '{totals, keptBy}'
  api POST "$D/walkouts/$SEEDED/postponements" '{}' | jq -c .
  SEEDED_RUN=$(api POST "$D/walkouts/$SEEDED/rebooking-runs" '{}' | jq -r .runId)
  for _ in $(seq 1 60); do [ "$(api GET "$D/rebooking-runs/$SEEDED_RUN" | jq -r .status)" = succeeded ] && break; sleep 1; done
  api GET "$D/rebooking-runs/$SEEDED_RUN" | jq -c '{status, considered, placed, unplaced, within14Days, breaches28Day}'
  api POST "$D/walkouts/$SEEDED/cover-autofill" '' | jq -c '{proposals: (.proposals | length), remainingGaps: (.remainingGaps | length)}'
  DEMO_SITE=$(api GET "$D/sites" | jq -r '.items[0].id')
  DEMO_INCIDENT=$(api POST "$D/major-incidents" "{\"level\":\"major\",\"state\":\"declared\",\"siteIds\":[\"$DEMO_SITE\"],\"description\":\"Walk-through exercise on the demo data\"}" | jq -r .id)
  sleep 2
  api GET "$D/major-incidents/$DEMO_INCIDENT/roll-call" | jq -c '{cohort, notified, noResponse}'
  api POST "$D/major-incidents/$DEMO_INCIDENT/stand-down" '{}' | jq -c '{state}'
fi

step "Done: every step answered as expected"
