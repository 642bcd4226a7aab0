# Sourced by the benchmark's scripts (run, cold-start, proxy-floor), from the repository root.

# The options every local-shop application's JVM gets, one per line, as ./shop-local/run gives them (shop-local's
# ShopLocal and AppJvmOptions): SHOP_JVM_OPTIONS when not blank, else app-jvm.options without its comment lines.
shared_jvm_options() {
  if [[ -n ${SHOP_JVM_OPTIONS:-} && -n ${SHOP_JVM_OPTIONS//[[:space:]]/} ]]; then
    printf '%s\n' "$SHOP_JVM_OPTIONS"
  else
    grep -v '^[[:space:]]*#' shop-local/src/main/resources/shop/local/app-jvm.options
  fi
}

# own_jvm_options APP: an application's own options, added after the shared ones as the launcher adds them (LocalShop):
# SHOP_<APP>_JVM_OPTIONS when set (empty for none), else its own file, <app>-jvm.options, if it has one (the gateway).
own_jvm_options() {
  local variable file="shop-local/src/main/resources/shop/local/$1-jvm.options"
  variable="SHOP_$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')_JVM_OPTIONS"
  if [[ -n "${!variable+set}" ]]; then
    printf '%s\n' "${!variable}"
  elif [[ -f $file ]]; then
    grep -v '^[[:space:]]*#' "$file"
  fi
}

# module_classpath MODULE CLASSPATH_FILE: compiles MODULE when its classes or the class path file its build writes
# (MODULE/target/CLASSPATH_FILE) are missing or older than its sources or a POM, then prints its classes and runtime
# jars as one class path (no fat jar needed).
module_classpath() {
  local module=$1 classpath_file="$1/target/$2"
  if [[ ! -f $classpath_file || ! -d $module/target/classes
    || -n "$(find "$module/src/main" "$module/pom.xml" pom.xml -type f -newer "$classpath_file" | head -n 1)" ]]; then
    echo "$module: building (./mvnw -B -q -pl $module -Dmaven.test.skip=true compile)" >&2
    ./mvnw -B -q -pl "$module" -Dmaven.test.skip=true compile >&2
    touch "$classpath_file"
  fi
  printf '%s' "$module/target/classes:$(cat "$classpath_file")"
}
