#!/usr/bin/env bash
# One LLE from application to a placement with a day logged, through the API of a running system
# (`npm start` in another terminal). Run from the repository: bash docs/examples/walkthrough.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
API=${API:-http://127.0.0.1:3000}

token() { node dist/apps/cli/src/token.js "$@"; }
# field '.a.b' reads a field of the JSON on stdin
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split(".").filter(Boolean))v=v[k];console.log(typeof v==="object"?JSON.stringify(v):v)})' "$1"; }
call() {
  local method=$1 path=$2 tok=$3 body=${4:-}
  local answer
  answer=$(curl -sS -X "$method" "$API$path" -H "Authorization: Bearer $tok" \
    ${body:+-H 'Content-Type: application/json' -d "$body"})
  if echo "$answer" | grep -q '"code":"[A-Z_]*","detail"'; then echo "  refused: $answer" >&2; exit 1; fi
  echo "$answer"
}
day() { node -e 'const d=new Date(new Intl.DateTimeFormat("en-CA",{timeZone:"Europe/London"}).format(new Date()));d.setUTCDate(d.getUTCDate()+Number(process.argv[1]));console.log(d.toISOString().slice(0,10))' "$1"; }

ADMIN=$(token --role admin)
BROKER=$(token --role broker --alliance CATSA)
ASSESSOR1=$(token --role assessor --sub assessor-1)
ASSESSOR2=$(token --role assessor --sub assessor-2)
PANEL=$(token --role panel --sub panel-1)
RUN=$(date +%s)

echo "1. An admin opens a CATSA round, open from today"
ROUND=$(call POST /rounds "$ADMIN" "{\"alliance\":\"CATSA\",\"opensOn\":\"$(day 0)\",\"closesOn\":\"$(day 30)\",\"decisionsBy\":\"$(day 40)\",\"inductionDates\":[]}")
ROUND_ID=$(echo "$ROUND" | field .roundId)

echo "2. The broker submits an application (Part A, Part B, an eligible referee)"
BODY=$(sed "s/ROUND_ID/$ROUND_ID/; s/alex.example@/alex.example.$RUN@/" docs/examples/application.json)
APPLICATION=$(call POST /applications "$BROKER" "$BODY")
APPLICATION_ID=$(echo "$APPLICATION" | field .applicationId)
LLE_ID=$(echo "$APPLICATION" | field .applicantId)

echo "3. The four stages: Part A verified, Part B by two assessors, the reference, the panel"
A=/applications/$APPLICATION_ID
call POST "$A/part-a-verification" "$ASSESSOR1" "$(cat docs/examples/part-a-verification.json)" >/dev/null
SCORES='{"scores":[{"area":"impact","score":3},{"area":"coaching","score":4}],"comment":"Clear evidence of impact"}'
call POST "$A/part-b-assessments" "$ASSESSOR1" "$SCORES" >/dev/null
call POST "$A/part-b-assessments" "$ASSESSOR2" "$SCORES" >/dev/null
call POST "$A/reference-review" "$ASSESSOR2" '{"supportsApplication":true,"commitsToDeploying":true,"notes":"The LA will deploy"}' >/dev/null
call POST "$A/panel-decision" "$PANEL" '{"decision":"designate","reasons":"Meets every criterion"}' >/dev/null

echo "4. An NLE leads a cluster; the applicant is designated an LLE and joins it"
NLE=$(call POST /system-leaders "$ADMIN" "{\"person\":{\"fullName\":\"Nia NLE\",\"email\":\"nia.$RUN@example.sch.uk\"},\"role\":\"NLE\",\"schoolUrn\":136580,\"alliance\":\"CATSA\",\"designatedOn\":\"2020-09-01\"}")
CLUSTER=$(call POST /clusters "$BROKER" "{\"alliance\":\"CATSA\",\"name\":\"South Cambs $RUN\",\"nleId\":\"$(echo "$NLE" | field .personId)\",\"competencies\":[{\"competencyId\":\"coaching\",\"name\":\"Coaching and mentoring heads\"}]}")
call POST /lles "$ADMIN" "{\"applicationId\":\"$APPLICATION_ID\",\"from\":\"$(day 0)\",\"reviewOn\":\"$(day 1095)\"}" >/dev/null
JOINED=$(call POST "/lles/$LLE_ID/cluster" "$BROKER" "{\"clusterId\":\"$(echo "$CLUSTER" | field .clusterId)\"}")
call GET "/lles/$LLE_ID?atLeast=$(echo "$JOINED" | field .position)" "$BROKER" | field .status | sed 's/^/   directory: /'

echo "5. Swavesey Primary asks for support; the broker sees the ranked matches and places the LLE"
REQUEST=$(call POST /support-requests "$BROKER" "{\"alliance\":\"CATSA\",\"recipientUrn\":110620,\"requestingBody\":{\"kind\":\"local_authority\",\"laCode\":\"873\"},\"need\":\"Leadership of maths\",\"phase\":\"Primary\",\"preferredStart\":\"$(day 0)\",\"halfDaysHopedFor\":4}")
REQUEST_ID=$(echo "$REQUEST" | field .requestId)
call GET "/support-requests/$REQUEST_ID/matches?atLeast=$(echo "$REQUEST" | field .position)" "$BROKER" | field .matches | head -c 300
echo
PLACEMENT=$(call POST /placements "$BROKER" "{\"requestId\":\"$REQUEST_ID\",\"lleId\":\"$LLE_ID\",\"halfDaysAgreed\":4,\"startDate\":\"$(day 0)\",\"endPoint\":{\"date\":\"$(day 60)\",\"description\":\"A maths curriculum the staff own\"},\"dayRatePence\":45000,\"lleSchoolShareBps\":5000,\"objectives\":[{\"objectiveId\":\"maths\",\"description\":\"A maths lead who leads\"}]}")
PLACEMENT_ID=$(echo "$PLACEMENT" | field .placementId)

echo "6. The LLE logs a full day (the day id makes a retry harmless)"
LLE=$(token --role lle --sub "$LLE_ID")
DAY=$(call POST "/placements/$PLACEMENT_ID/days" "$LLE" "{\"dayId\":\"$(node -e 'console.log(crypto.randomUUID())')\",\"date\":\"$(day 0)\",\"length\":\"full\",\"note\":\"Coached the maths lead\"}")
call GET "/placements/$PLACEMENT_ID?atLeast=$(echo "$DAY" | field .position)" "$BROKER" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s);console.log(`   placement ${p.status}: ${p.halfDaysAgreed} half-days agreed, ${p.halfDaysDelivered} delivered, ${p.halfDaysRemaining} remaining`)})'
echo "Done: round $ROUND_ID, application $APPLICATION_ID, LLE $LLE_ID, placement $PLACEMENT_ID"
