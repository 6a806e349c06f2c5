# Shared by the submit/ wrappers (sourced, not run). Loads the settings file and finds Spark.
#   settings: $SUBMIT_ENV if set, else submit/env if present (copy submit/env.template to start)
#   Spark:    $SPARK_HOME when set (a Spark 4.1 distribution), else the project's own Maven jars
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

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
    for kv in "${keep[@]}"; do export "${kv%%=*}=${kv#*=}"; done
  fi
}

# The shaded job jar (Spark provided), built when missing; RESNETMC_APP_JAR overrides it.
app_jar() {
  local jar="${RESNETMC_APP_JAR:-$root/spark-job/job/target/resnetmc-job.jar}"
  if [[ ! -f "$jar" && -z "${RESNETMC_APP_JAR:-}" ]]; then
    echo "building $jar (first run)..." >&2
    (cd "$root" && mvn -q -B -DskipTests -pl spark-job/job -am package) >&2
  fi
  echo "$jar"
}

# The project's dependency jars (Spark 4.1 from Maven and the job's libraries), colon-separated;
# RESNETMC_CLASSPATH overrides the list (the tests pass their own class path).
project_classpath() {
  if [[ -n "${RESNETMC_CLASSPATH:-}" ]]; then
    echo "$RESNETMC_CLASSPATH"
    return
  fi
  local cp_file="$root/spark-job/job/target/classpath.txt"
  if [[ ! -f "$cp_file" ]]; then
    app_jar >/dev/null
  fi
  cat "$cp_file"
}

# The JVM options Spark needs on Java 17 (the same --add-opens list as Surefire).
jvm_options() {
  local f="$root/spark-job/job/target/jvm-options.txt"
  [[ -f "$f" ]] || app_jar >/dev/null
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
