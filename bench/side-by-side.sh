#!/usr/bin/env bash
# bench/side-by-side.sh: runs the same benchmarks against Colombier and Debian's Dovecot 2.3 on
# loopback, with the same users, the same messages and the same fsync policy, and prints
# Colombier/Dovecot ratios. Both servers run from a private temporary directory; no system
# configuration is read or touched, and every process started here is stopped on exit.
#
# Needs root (Dovecot drops to mail_uid=nobody) and:
#   apt-get install -y dovecot-imapd dovecot-pop3d dovecot-lmtpd dovecot-sieve
#
# Knobs (environment): CLIENTS=50 USERS=10 STRESS_SECONDS=30 LMTP_SECONDS=3 MESSAGES=100000
#   LMTP_CONNECTIONS=1,2,4,8,16 IDLE_CONNECTIONS=10000 FSYNC=optimized SIEVE=0 (1: a small Sieve script for every user)
#   WARMUP_SECONDS=5 (an unmeasured imap-stress and LMTP run per server first, so both run warm)
#   ONLY="stress lmtp large idle" (a subset) OUT=DIR (where JSON results go; default a temp dir)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTS="${CLIENTS:-50}"
USERS="${USERS:-10}"
STRESS_SECONDS="${STRESS_SECONDS:-30}"
LMTP_SECONDS="${LMTP_SECONDS:-3}"
LMTP_CONNECTIONS="${LMTP_CONNECTIONS:-1,2,4,8,16}"
MESSAGES="${MESSAGES:-100000}"
IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-10000}"
FSYNC="${FSYNC:-optimized}"
SIEVE="${SIEVE:-0}"
ONLY="${ONLY:-stress lmtp large idle}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
C_IMAP=21143 C_LMTP=22424 D_IMAP=31143 D_LMTP=32424

[ "$(id -u)" = 0 ] || { echo "side-by-side: run as root (Dovecot needs it to switch to mail_uid)" >&2; exit 77; }
command -v dovecot >/dev/null || { echo "side-by-side: dovecot missing: apt-get install -y dovecot-imapd dovecot-lmtpd dovecot-sieve" >&2; exit 69; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work="$(mktemp -d /tmp/colombier-side-by-side.XXXXXX)"
chmod 755 "$work"
OUT="${OUT:-$work/results}"
mkdir -p "$OUT"
colombier_pid="" dovecot_pid=""

stop_colombier() {
  if [ -n "$colombier_pid" ] && kill -0 "$colombier_pid" 2>/dev/null; then
    kill -TERM "$colombier_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$colombier_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$colombier_pid" 2>/dev/null || true
    wait "$colombier_pid" 2>/dev/null || true
  fi
  colombier_pid=""
}

stop_dovecot() {
  if [ -n "$dovecot_pid" ] && kill -0 "$dovecot_pid" 2>/dev/null; then
    # The master takes its children down with it on SIGTERM.
    local children
    children="$(pgrep -P "$dovecot_pid" || true)"
    kill -TERM "$dovecot_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$dovecot_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$dovecot_pid" $children 2>/dev/null || true
    wait "$dovecot_pid" 2>/dev/null || true
  fi
  dovecot_pid=""
}

cleanup() {
  stop_colombier
  stop_dovecot
  echo "side-by-side: work directory $work (results in $OUT)" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- users, the same for both: user1..userN and big, password "secret" ---
users="$work/users"
: > "$users"
# At least 5: the LMTP benchmark's 5-recipient rows deliver to user1..user5.
for i in $(seq 1 "$(( USERS > 5 ? USERS : 5 ))"); do echo "user$i:{PLAIN}secret::::::" >> "$users"; done
echo "big:{PLAIN}secret::::::" >> "$users"
chmod 644 "$users"

mkdir -p "$work/colombier/mail" "$work/dovecot/mail" "$work/dovecot/run" "$work/dovecot/state"
if [ "$SIEVE" = 1 ]; then
  for home in "$work"/colombier/mail "$work"/dovecot/mail; do
    while IFS=: read -r name _; do
      mkdir -p "$home/$name"
      printf 'require ["fileinto"];\nif header :contains "subject" "xyzzy" { fileinto "INBOX"; stop; }\nkeep;\n' \
        > "$home/$name/.dovecot.sieve"
    done < "$users"
  done
fi
chown -R nobody:nogroup "$work/dovecot/mail"

cat > "$work/colombier.conf" <<EOF
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
auth_allow_cleartext = yes
auth_mechanisms = plain login
mail_driver = maildir
mail_path = ~/Maildir
mail_home = $work/colombier/mail/%{user}
mail_fsync = $FSYNC
mail_max_userip_connections = 20000
passdb passwd-file {
  passwd_file_path = $users
}
userdb passwd-file {
  passwd_file_path = $users
}
service imap-login {
  inet_listener imap {
    port = $C_IMAP
  }
}
service lmtp {
  inet_listener lmtp {
    port = $C_LMTP
  }
}
EOF
if [ "$SIEVE" = 1 ]; then
  cat >> "$work/colombier.conf" <<EOF
protocol lmtp {
  mail_plugins {
    sieve = yes
  }
}
sieve_script personal {
  driver = file
  path = ~/sieve
  active_path = ~/.dovecot.sieve
}
EOF
fi

cat > "$work/dovecot.conf" <<EOF
# Dovecot 2.3, private: nothing from /etc/dovecot.
base_dir = $work/dovecot/run
state_dir = $work/dovecot/state
log_path = $work/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Ln
hostname = bench.test
postmaster_address = postmaster@bench.test
mail_location = maildir:~/Maildir
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
mail_fsync = $FSYNC
passdb {
  driver = passwd-file
  args = $users
}
userdb {
  driver = passwd-file
  args = $users
  default_fields = uid=nobody gid=nogroup home=$work/dovecot/mail/%n
}
default_process_limit = 20000
default_client_limit = 40000
default_vsz_limit = 1G
protocol imap {
  mail_max_userip_connections = 20000
}
service imap-login {
  inet_listener imap {
    port = $D_IMAP
  }
  inet_listener imaps {
    port = 0
  }
  # Dovecot's documented high-performance login mode.
  service_count = 0
  process_min_avail = 2
  client_limit = 20000
}
service imap {
  process_limit = 20000
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $D_LMTP
  }
  unix_listener lmtp {
    mode = 0600
  }
}
EOF
if [ "$SIEVE" = 1 ]; then
  cat >> "$work/dovecot.conf" <<EOF
protocol lmtp {
  mail_plugins = \$mail_plugins sieve
}
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
}
EOF
fi

# --- build once, then the launchers' class paths ---
. "$root/bin/launcher.sh"
ensure_built server
ensure_built bench
server_cp="$(classpath server)"
bench() { java -Xmx1g -cp "$(classpath bench)" org.colombier.bench.Bench "$@"; }

wait_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "side-by-side: nothing listens on 127.0.0.1:$1" >&2
  return 1
}

start_colombier() {
  java ${COLOMBIER_JAVA_OPTS:-} -cp "$server_cp" org.colombier.server.Main -c "$work/colombier.conf" \
    >> "$work/colombier.log" 2>&1 &
  colombier_pid=$!
  wait_port "$C_IMAP"
}

start_dovecot() {
  dovecot -F -c "$work/dovecot.conf" >> "$work/dovecot/stdout.log" 2>&1 &
  dovecot_pid=$!
  wait_port "$D_IMAP"
}

{ date -u; uname -sr; lscpu | grep -E '^(Model name|CPU\(s\))'; free -m | head -2; uptime
  java -version 2>&1 | head -1; echo "dovecot $(dovecot --version)"; } > "$OUT/machine.txt" 2>&1
start_colombier
start_dovecot
echo "side-by-side: Colombier pid $colombier_pid, Dovecot $(dovecot --version | cut -d' ' -f1) pid $dovecot_pid; fsync $FSYNC, sieve $SIEVE" >&2

# run NAME ARGS...: the benchmark against both; JSON in $OUT/NAME-{colombier,dovecot}.json.
# A benchmark that reports errors does not stop the others.
run() {
  local name="$1"; shift
  local c_args=() d_args=()
  for a in "$@"; do c_args+=("${a//@IMAP@/$C_IMAP}"); d_args+=("${a//@IMAP@/$D_IMAP}"); done
  for i in "${!c_args[@]}"; do c_args[$i]="${c_args[$i]//@LMTP@/$C_LMTP}"; d_args[$i]="${d_args[$i]//@LMTP@/$D_LMTP}"; done
  echo "### $name: Colombier" >&2
  bench "${c_args[@]}" --json "$OUT/$name-colombier.json" || echo "side-by-side: $name on Colombier reported errors" >&2
  echo "### $name: Dovecot" >&2
  bench "${d_args[@]}" --json "$OUT/$name-dovecot.json" || echo "side-by-side: $name on Dovecot reported errors" >&2
}

if [ "$WARMUP_SECONDS" -gt 0 ]; then
  echo "### warm-up (${WARMUP_SECONDS}s per server, not measured)" >&2
  for ports in "$C_IMAP $C_LMTP" "$D_IMAP $D_LMTP"; do
    set -- $ports
    bench imap-stress --target "127.0.0.1:$1" --user 'user%d' --password secret --users "$USERS" \
      --clients 4 --seconds "$WARMUP_SECONDS" > /dev/null || true
    bench lmtp --target "127.0.0.1:$2" --rcpt 'user%d' --connections 2 --sizes 4096 --recipients 1 \
      --seconds "$WARMUP_SECONDS" > /dev/null || true
  done
fi

for what in $ONLY; do
  case "$what" in
    stress)
      run stress imap-stress --target 127.0.0.1:@IMAP@ --user 'user%d' --password secret --users "$USERS" \
        --clients "$CLIENTS" --seconds "$STRESS_SECONDS" ;;
    lmtp)
      run lmtp lmtp --target 127.0.0.1:@LMTP@ --rcpt 'user%d' --seconds "$LMTP_SECONDS" \
        --connections "$LMTP_CONNECTIONS" ;;
    large)
      run large-build large-mailbox --target 127.0.0.1:@IMAP@ --user big --password secret --messages "$MESSAGES"
      # Measured again after a restart: nothing of the mailbox left in either server's memory
      # (the OS page cache stays warm for both).
      stop_colombier; stop_dovecot; start_colombier; start_dovecot
      run large large-mailbox --target 127.0.0.1:@IMAP@ --user big --password secret --messages "$MESSAGES" --no-build ;;
    idle)
      echo "### idle: Colombier" >&2
      bench idle --target "127.0.0.1:$C_IMAP" --user 'user%d' --password secret --users "$USERS" \
        --connections "$IDLE_CONNECTIONS" --pid "$colombier_pid" \
        --while "$root/bin/doveadm -c $work/colombier.conf who" --json "$OUT/idle-colombier.json" || true
      echo "### idle: Dovecot" >&2
      bench idle --target "127.0.0.1:$D_IMAP" --user 'user%d' --password secret --users "$USERS" \
        --connections "$IDLE_CONNECTIONS" --pid "$dovecot_pid" --tree \
        --while "doveadm -c $work/dovecot.conf who" --json "$OUT/idle-dovecot.json" || true ;;
    *) echo "side-by-side: unknown benchmark $what" >&2; exit 64 ;;
  esac
done

echo "load at the end: $(uptime)" >> "$OUT/machine.txt"
cat "$OUT/machine.txt"

# Ratios: rates Colombier/Dovecot (higher is better for Colombier); times and memory
# Dovecot/Colombier (also higher is better for Colombier).
python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
def load(name):
    path = os.path.join(out, name)
    return json.load(open(path)) if os.path.exists(path) else None
print("\n| benchmark | item | Colombier | Dovecot | advantage (x, >1 = Colombier better) |")
print("|---|---|---:|---:|---:|")
for name in ["stress", "lmtp", "large-build", "large", "idle"]:
    c, d = load(name + "-colombier.json"), load(name + "-dovecot.json")
    if not c or not d:
        continue
    drows = {r["command"]: r for r in d["commands"]}
    for r in c["commands"]:
        o = drows.get(r["command"])
        if not o:
            continue
        ratio = r["per_second"] / o["per_second"] if o["per_second"] else float("nan")
        print(f"| {name} | {r['command']} /s (p50 ms) | {r['per_second']:.1f} ({r['p50_ms']:.2f}) | "
              f"{o['per_second']:.1f} ({o['p50_ms']:.2f}) | {ratio:.2f} |")
    for k, v in c["metrics"].items():
        if k not in d["metrics"]:
            continue
        o = d["metrics"][k]
        higher_better = k.endswith("/s") or k == "connections idling"
        ratio = (v / o if o else float("nan")) if higher_better else (o / v if v else float("nan"))
        print(f"| {name} | {k} | {v:.2f} | {o:.2f} | {ratio:.2f} |")
    if c["errors"] or d["errors"]:
        print(f"| {name} | errors | {c['errors']} | {d['errors']} | |")
PY
