# Shared by the submit/ wrappers (sourced, not run). Loads the settings file and finds Spark.
#   settings: $SUBMIT_ENV if set, else submit/env if present (copy submit/env.template to start)
#   Spark:    $SPARK_HOME when set (a Spark 4.1 distribution), else the project's own Maven jars
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The project version from the root pom, read without Java or Maven: the text the job's --version prints
# and the runs table's project_version holds.
project_version() {
  sed -n '/<artifactId>resnetmc-parent<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' \
    "$root/pom.xml" | head -1
}

# --help and --version of a wrapper, answered before anything else (no settings, Java, Maven or build):
# the help is the script's header comment. Call as `info_flags "$@"`; it exits when one of them comes
# before the first `--` (after it, options belong to Spark).
info_flags() {
  local a
  for a in "$@"; do
    case "$a" in
      --) return 0 ;;
      -h | --help)
        sed -n '2,/^[^#]/{/^#/!q;s/^# \{0,1\}//;p;}' "$0"
        exit 0 ;;
      --version)
        echo "resnetmc $(project_version)"
        exit 0 ;;
    esac
  done
}

# Whether $1 is missing or older than a main source, a pom or a main resource (reference.conf): after a
# git pull or an edit the wrappers rebuild rather than run an old jar. $2...: the module folders to watch.
stale() {
  local target="$1"; shift
  [[ -f "$target" ]] || return 0
  local d newer
  for d in "$@"; do
    newer="$(find "$root/$d" \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$target" \
      -not -path '*/target/*' -print -quit 2>/dev/null)"
    [[ -z "$newer" ]] || { echo "note: $newer is newer than $(basename "$target")" >&2; return 0; }
  done
  [[ "$root/pom.xml" -nt "$target" ]]
}

# Builds the job jar and its class path files when missing or stale (skipped with RESNETMC_APP_JAR).
build_job() {
  local jar="$root/spark-job/job/target/resnetmc-job.jar"
  if stale "$jar" spark-job || [[ ! -f "$root/spark-job/job/target/classpath.txt" \
       || ! -f "$root/spark-job/job/target/jvm-options.txt" ]]; then
    echo "building $jar (mvn -pl spark-job/job -am package; a few minutes the first time)..." >&2
    (cd "$root" && mvn -q -B -DskipTests -pl spark-job/job -am package) >&2
  fi
}

load_env() {
  local env_file="${SUBMIT_ENV:-$root/submit/env}"
  if [[ -n "${SUBMIT_ENV:-}" && ! -r "$SUBMIT_ENV" ]]; then
    echo "error: SUBMIT_ENV=$SUBMIT_ENV does not exist (copy submit/env.template)" >&2
    exit 2
  fi
  if [[ -r "$env_file" ]]; then
    # Variables already in the environment win over the file.
    local -a keep=()
    local v kv
    for v in $(compgen -e); do
      case "$v" in SPARK_HOME|RESNETMC_*|TEST_CLUSTER_*|HADOOP_CONF_DIR|YARN_CONF_DIR) keep+=("$v=${!v}") ;; esac
    done
    # shellcheck disable=SC1090
    set -a; source "$env_file"; set +a
    # unset first: a file may set an array (RESNETMC_SUBMIT_OPTS=(...)) that the string replaces whole
    for kv in "${keep[@]}"; do unset "${kv%%=*}"; export "${kv%%=*}=${kv#*=}"; done
  fi
}

# The shaded job jar (Spark provided), built when missing or stale; RESNETMC_APP_JAR overrides it.
app_jar() {
  [[ -n "${RESNETMC_APP_JAR:-}" ]] || build_job
  echo "${RESNETMC_APP_JAR:-$root/spark-job/job/target/resnetmc-job.jar}"
}

# RESNETMC_SUBMIT_OPTS as the array SUBMIT_OPTS: a bash array in submit/env keeps values with spaces,
# RESNETMC_SUBMIT_OPTS=(--conf "spark.driver.extraJavaOptions=-Da=1 -Db=2"); a plain string (the
# environment's only form) is split at white space.
submit_opts() {
  SUBMIT_OPTS=()
  if [[ "$(declare -p RESNETMC_SUBMIT_OPTS 2>/dev/null)" == "declare -a"* ]]; then
    SUBMIT_OPTS=("${RESNETMC_SUBMIT_OPTS[@]}")
  elif [[ -n "${RESNETMC_SUBMIT_OPTS:-}" ]]; then
    read -r -a SUBMIT_OPTS <<<"$RESNETMC_SUBMIT_OPTS"
  fi
}

# Reads spark-submit options as spark-submit does (of a repeated option the last wins; a flag wins over
# the --conf property it stands for: --deploy-mode over spark.submit.deployMode, --files over
# spark.files) and sets
#   SUBMIT_REST    the options without --files and spark.files (the caller adds the merged --files)
#   SUBMIT_FILES   the files the user ships (comma-separated; may be empty)
#   SUBMIT_DEPLOY  client or cluster
#   SUBMIT_PROPS   -Dkey=value of the options' Spark properties, for the plan run on this machine
parse_submit_args() {
  SUBMIT_REST=(); SUBMIT_PROPS=()
  local -a args=("$@") conf_props=() flag_props=()
  local n=$# i=0 a v files_flag="" files_conf="" deploy_flag="" deploy_conf=""
  while ((i < n)); do
    a="${args[i]}"
    case "$a" in
      --files | --deploy-mode | --conf | -c | --master | --executor-memory | --executor-cores | --num-executors)
        v="${args[i + 1]:-}"; i=$((i + 2)) ;;
      --files=* | --deploy-mode=* | --conf=* | --master=* | --executor-memory=* | --executor-cores=* | --num-executors=*)
        v="${a#*=}"; a="${a%%=*}"; i=$((i + 1)) ;;
      *) SUBMIT_REST+=("$a"); i=$((i + 1)); continue ;;
    esac
    case "$a" in
      --files) files_flag="$v" ;;
      --conf | -c)
        case "${v%%=*}" in
          spark.files) files_conf="${v#*=}" ;;
          *)
            [[ "${v%%=*}" == spark.submit.deployMode ]] && deploy_conf="${v#*=}"
            SUBMIT_REST+=(--conf "$v"); conf_props+=("-D$v") ;;
        esac ;;
      *)
        SUBMIT_REST+=("$a" "$v")
        case "$a" in
          --deploy-mode) deploy_flag="$v" ;;
          --master) flag_props+=("-Dspark.master=$v") ;;
          --executor-memory) flag_props+=("-Dspark.executor.memory=$v") ;;
          --executor-cores) flag_props+=("-Dspark.executor.cores=$v") ;;
          --num-executors) flag_props+=("-Dspark.executor.instances=$v") ;;
        esac ;;
    esac
  done
  SUBMIT_FILES="${files_flag:-$files_conf}"
  SUBMIT_DEPLOY="${deploy_flag:-${deploy_conf:-client}}"
  # The JVM keeps the last -D of a key: the flags' properties come after the --conf ones.
  SUBMIT_PROPS=("${conf_props[@]}" "${flag_props[@]}")
}

# The job's plan on this machine (java, the job jar and Spark's jars; no Spark started), with the Spark
# properties of the submission (SUBMIT_PROPS): run_plan JAR --check|--dry-run CONFIG [key=value ...].
# Exit 2 (and the cell, the MiB) when a cell cannot fit an executor's task.
run_plan() {
  local jar="$1"; shift
  local cp
  if [[ -n "${SPARK_HOME:-}" ]]; then cp="$jar:$SPARK_HOME/jars/*"; else cp="$jar:$(project_classpath)"; fi
  java -Xmx"${RESNETMC_PLAN_MEMORY:-1g}" "${SUBMIT_PROPS[@]}" -cp "$cp" resnetmc.job.Main "$@"
}

# The project's dependency jars (Spark 4.1 from Maven and the job's libraries), colon-separated;
# RESNETMC_CLASSPATH overrides the list (the tests pass their own class path).
project_classpath() {
  if [[ -n "${RESNETMC_CLASSPATH:-}" ]]; then
    echo "$RESNETMC_CLASSPATH"
    return
  fi
  [[ -f "$root/spark-job/job/target/classpath.txt" ]] || build_job
  cat "$root/spark-job/job/target/classpath.txt"
}

# The JVM options Spark needs on Java 17 (the same --add-opens list as Surefire).
jvm_options() {
  local f="$root/spark-job/job/target/jvm-options.txt"
  [[ -f "$f" ]] || build_job
  cat "$f"
}

# A Spark home made of links to the project's jars: a jars/ folder is all that the standalone Worker
# and spark-submit's class path need. Printed path; built under $1 (default spark-job/job/target/spark-home).
project_spark_home() {
  local home="${1:-$root/spark-job/job/target/spark-home}"
  mkdir -p "$home/jars"
  local IFS=':'
  local jar
  for jar in $(project_classpath); do
    [[ "$jar" == *.jar && -f "$jar" ]] && ln -sf "$jar" "$home/jars/$(basename "$jar")"
  done
  echo "$home"
}

# Runs spark-submit with the given arguments: $SPARK_HOME/bin/spark-submit when SPARK_HOME is set,
# else org.apache.spark.deploy.SparkSubmit (what spark-submit calls) on the project's jars, which serves
# local[*] and spark:// masters; YARN too when spark-yarn is on RESNETMC_CLASSPATH (the tests and
# submit/test-cluster --yarn; it is a test dependency). Kubernetes needs a Spark distribution.
spark_submit() {
  if [[ -n "${SPARK_HOME:-}" ]]; then
    if [[ ! -x "$SPARK_HOME/bin/spark-submit" ]]; then
      echo "error: SPARK_HOME must point to a Spark 4.1 distribution (with bin/spark-submit); got '$SPARK_HOME'" >&2
      exit 2
    fi
    exec "$SPARK_HOME/bin/spark-submit" "$@"
  fi
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  export SPARK_SCALA_VERSION=2.13
  # As bin/spark-submit does, the Hadoop client configuration goes on the class path (YARN, HDFS).
  local cp
  cp="$(project_classpath)"
  [[ -n "${HADOOP_CONF_DIR:-}" ]] && cp="$HADOOP_CONF_DIR:$cp"
  [[ -n "${YARN_CONF_DIR:-}" ]] && cp="$YARN_CONF_DIR:$cp"
  # shellcheck disable=SC2046
  exec java -Xmx"${RESNETMC_DRIVER_MEMORY:-4g}" $(jvm_options) \
    -Dlog4j2.configurationFile="${RESNETMC_LOG4J:-$root/conf/log4j2.properties}" \
    -cp "$cp" org.apache.spark.deploy.SparkSubmit "$@"
}

# spark.yarn.jars for NodeManagers on this machine (submit/test-cluster --yarn, the tests): the project's
# Spark jars as local: paths, read in place by every container instead of uploaded per application.
# Test-only jars (Hadoop's mini clusters, JUnit) stay out of the containers' class path.
yarn_local_jars() {
  local IFS=':' jar out=()
  for jar in $(project_classpath); do
    [[ "$jar" == *.jar && -f "$jar" ]] || continue
    case "$(basename "$jar")" in
      hadoop-client-minicluster-*|junit-*|hamcrest-*|opentest4j-*|apiguardian-*|surefire*) continue ;;
    esac
    out+=("local:$jar")
  done
  IFS=','; echo "${out[*]}"
}
