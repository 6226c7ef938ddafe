# The browser pages (web/) and the engine compiled to WebAssembly (sim/web), built and
# embedded in the bpsim binary (sim/io/web_assets.hpp). Needs Emscripten (Debian's
# emscripten package), Node.js and npm; `make deps` installs them.
set(BPSIM_WEB "AUTO" CACHE STRING "Build the report and classroom pages into bpsim: AUTO, ON or OFF")
set(BPSIM_WITH_WEB OFF)
if(NOT BPSIM_WEB STREQUAL "OFF")
  find_file(BPSIM_EMSCRIPTEN_TOOLCHAIN Emscripten.cmake
    PATHS /usr/share/emscripten/cmake/Modules/Platform /usr/lib/emscripten/cmake/Modules/Platform
    NO_DEFAULT_PATH)
  find_program(BPSIM_NODE node)
  find_program(BPSIM_NPM npm)
  if(BPSIM_EMSCRIPTEN_TOOLCHAIN AND BPSIM_NODE AND BPSIM_NPM)
    set(BPSIM_WITH_WEB ON)
  elseif(BPSIM_WEB STREQUAL "ON")
    message(FATAL_ERROR "BPSIM_WEB=ON needs Emscripten (apt-get install emscripten), node and npm")
  endif()
endif()
message(STATUS "bpsim: web pages (report, classroom) ${BPSIM_WITH_WEB}")

set(BPSIM_WEB_OUT ${CMAKE_BINARY_DIR}/web)
set(BPSIM_ASSETS_CPP ${CMAKE_BINARY_DIR}/generated/web_assets.cpp)
set(BPSIM_ASSET_LIST "")
set(BPSIM_ASSET_DEPS "")

if(BPSIM_WITH_WEB)
  include(ExternalProject)
  include(ProcessorCount)
  ProcessorCount(BPSIM_WASM_JOBS)
  if(BPSIM_WASM_JOBS EQUAL 0)
    set(BPSIM_WASM_JOBS 2)
  endif()
  get_target_property(BPSIM_EIGEN_INC Eigen3::Eigen INTERFACE_INCLUDE_DIRECTORIES)
  list(GET BPSIM_EIGEN_INC 0 BPSIM_EIGEN_INC)
  get_target_property(BPSIM_JSON_INC nlohmann_json::nlohmann_json INTERFACE_INCLUDE_DIRECTORIES)
  list(GET BPSIM_JSON_INC 0 BPSIM_JSON_INC)
  # Debian's Node.js finds Debian's acorn (which emcc uses) only through NODE_PATH.
  set(BPSIM_EM_ENV ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
  ExternalProject_Add(bpsim_wasm
    SOURCE_DIR ${PROJECT_SOURCE_DIR}/sim/web
    BINARY_DIR ${CMAKE_BINARY_DIR}/wasm
    CONFIGURE_COMMAND ${BPSIM_EM_ENV} ${CMAKE_COMMAND} -S <SOURCE_DIR> -B <BINARY_DIR>
      -DCMAKE_TOOLCHAIN_FILE=${BPSIM_EMSCRIPTEN_TOOLCHAIN} -DCMAKE_BUILD_TYPE=Release
      -DBPSIM_ROOT=${PROJECT_SOURCE_DIR} -DBPSIM_EIGEN_DIR=${BPSIM_EIGEN_INC}
      -DBPSIM_HOST_INCLUDE=${BPSIM_JSON_INC}
    BUILD_COMMAND ${BPSIM_EM_ENV} ${CMAKE_COMMAND} --build <BINARY_DIR> --parallel ${BPSIM_WASM_JOBS}
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    BUILD_BYPRODUCTS ${CMAKE_BINARY_DIR}/wasm/engine.js)

  # npm ci when the lock file changed; then the bundles.
  set(BPSIM_NPM_STAMP ${BPSIM_WEB_OUT}/npm-ci.stamp)
  add_custom_command(OUTPUT ${BPSIM_NPM_STAMP}
    COMMAND ${BPSIM_NPM} ci --no-audit --no-fund --loglevel=error
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BPSIM_WEB_OUT}
    COMMAND ${CMAKE_COMMAND} -E touch ${BPSIM_NPM_STAMP}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/web
    DEPENDS ${PROJECT_SOURCE_DIR}/web/package.json ${PROJECT_SOURCE_DIR}/web/package-lock.json
    COMMENT "npm ci (web/)")
  file(GLOB_RECURSE BPSIM_WEB_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/src/*)
  set(BPSIM_BUNDLES ${BPSIM_WEB_OUT}/report.js ${BPSIM_WEB_OUT}/report.css
                    ${BPSIM_WEB_OUT}/classroom.js ${BPSIM_WEB_OUT}/classroom.css)
  add_custom_command(OUTPUT ${BPSIM_BUNDLES}
    COMMAND ${BPSIM_NODE} ${PROJECT_SOURCE_DIR}/web/build.mjs --outdir ${BPSIM_WEB_OUT}
    DEPENDS ${BPSIM_NPM_STAMP} ${PROJECT_SOURCE_DIR}/web/build.mjs ${BPSIM_WEB_SOURCES}
    COMMENT "Bundling the report and classroom pages (esbuild)")
  foreach(f report.js report.css classroom.js classroom.css)
    list(APPEND BPSIM_ASSET_LIST "${f}=${BPSIM_WEB_OUT}/${f}")
  endforeach()
  list(APPEND BPSIM_ASSET_LIST "engine.js=${CMAKE_BINARY_DIR}/wasm/engine.js")
  set(BPSIM_ASSET_DEPS ${BPSIM_BUNDLES} bpsim_wasm ${CMAKE_BINARY_DIR}/wasm/engine.js)
endif()

string(REPLACE ";" "\\;" BPSIM_ASSET_ARG "${BPSIM_ASSET_LIST}")
add_custom_command(OUTPUT ${BPSIM_ASSETS_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUT=${BPSIM_ASSETS_CPP} "-DASSETS=${BPSIM_ASSET_ARG}"
          -P ${PROJECT_SOURCE_DIR}/cmake/embed_assets.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/cmake/embed_assets.cmake ${BPSIM_ASSET_DEPS}
  COMMENT "Embedding the web pages in bpsim")
add_library(bpsim_web_assets STATIC ${BPSIM_ASSETS_CPP})
target_include_directories(bpsim_web_assets PUBLIC ${PROJECT_SOURCE_DIR})
