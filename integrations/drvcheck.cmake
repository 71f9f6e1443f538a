# drvcheck.cmake — run drvcheck on a target's C sources as part of the build.
#
#   include(path/to/drvcheck.cmake)
#   drvcheck_add_check(<target>
#                      [REQUIRED]                      # fail configuration if drvcheck is missing
#                      [FAIL_ON error|warning|note]    # default: warning (drvcheck's default)
#                      [FORMAT <format> OUTPUT <file>] # write a report (json, sarif, html, ...)
#                      [OPTIONS <drvcheck options>...] # e.g. --enable secure-not-recommended
#                      [EXTRA_ARGS <compiler args>...]) # added after the target's -I/-D
#
# Adds a custom target <target>_drvcheck that checks every .c source of <target> with the
# target's include directories and compile definitions, and makes <target> depend on it:
# building <target> runs the check, and findings at or above FAIL_ON fail the build with
# clang-style diagnostics (IDEs jump to them; with FORMAT the findings go to OUTPUT
# instead and the build log shows only the failure). The check re-runs when a source changes
# (a stamp file records the last clean run; header changes alone do not re-run it).
# drvcheck is searched as DRVCHECK_EXECUTABLE (cache variable) or `drvcheck` on PATH; when
# it is missing the check is skipped with a warning, unless REQUIRED is given.

function(drvcheck_add_check target)
  cmake_parse_arguments(PARSE_ARGV 1 DC "REQUIRED" "FAIL_ON;FORMAT;OUTPUT" "OPTIONS;EXTRA_ARGS")
  if(NOT TARGET ${target})
    message(FATAL_ERROR "drvcheck_add_check: '${target}' is not a target")
  endif()
  find_program(DRVCHECK_EXECUTABLE drvcheck DOC "drvcheck, the Windows kernel-driver checker")
  if(NOT DRVCHECK_EXECUTABLE)
    if(DC_REQUIRED)
      message(FATAL_ERROR "drvcheck_add_check(${target}): drvcheck not found (set DRVCHECK_EXECUTABLE)")
    endif()
    message(WARNING "drvcheck_add_check(${target}): drvcheck not found, ${target} is not checked")
    return()
  endif()

  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(files "")
  foreach(src IN LISTS sources)
    if(src MATCHES "\\.[cC]$" AND NOT src MATCHES "^\\$<")
      get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${source_dir}")
      list(APPEND files "${abs}")
    endif()
  endforeach()
  if(NOT files)
    message(WARNING "drvcheck_add_check(${target}): no C sources to check")
    return()
  endif()

  set(opts ${DC_OPTIONS})
  if(DC_FAIL_ON)
    list(APPEND opts --fail-on ${DC_FAIL_ON})
  endif()
  if(DC_FORMAT)
    if(NOT DC_OUTPUT)
      message(FATAL_ERROR "drvcheck_add_check(${target}): FORMAT needs OUTPUT")
    endif()
    list(APPEND opts --format ${DC_FORMAT} -o ${DC_OUTPUT})
  endif()

  # The target's -I and -D, evaluated at generation time (generator expressions included).
  set(incs "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(defs "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}.drvcheck.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND "${DRVCHECK_EXECUTABLE}" ${opts} ${files} --
            "$<$<BOOL:${incs}>:-I$<JOIN:${incs},;-I>>"
            "$<$<BOOL:${defs}>:-D$<JOIN:${defs},;-D>>"
            ${DC_EXTRA_ARGS}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${files} "${DRVCHECK_EXECUTABLE}"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "drvcheck: checking ${target}"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  add_custom_target(${target}_drvcheck DEPENDS "${stamp}")
  add_dependencies(${target} ${target}_drvcheck)
endfunction()
