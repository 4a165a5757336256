// Unit tests of src/load/measurements_csv.cpp (doctest suite "load/measurements_csv"); split from a file that said:
//   Calibration: the CSV reader, resolving rows against the catalog, the fit recovering known
//   factors, and the error targets on the shared table of published measurements.
#include "fixtures.hpp"
#include "helpers.hpp"

#include <nimcost/model/calibration_fit.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/load/measurements_csv.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

using namespace nimcost;
using namespace nimcost::test;

namespace {


std::string input_message(const std::string& text) {
  try {
    parse_measurements_csv(text, "t.csv");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    return e.what();
  }
  FAIL("no input error");
  return "";
}

}  // namespace

TEST_SUITE_BEGIN("load/measurements_csv");

TEST_CASE("the CSV reader follows RFC 4180") {
  const std::string text = std::string(k_header) +
                           "a,u,\"TensorRT-LLM 0.17 (TRT engine, trtllm-bench)\",Llama-3.1-8B,8.03,FP8,H100 SXM 80GB,1,"
                           "128,128,offline max-throughput (TP=1),28836.77,28836.77,\"say \"\"hi\"\"\"\r\n"
                           "\n"
                           "b,u,TensorRT-LLM 0.17,Llama-3.1-70B,70.6,FP8,H100 SXM 80GB,2,128,128,offline,,3322.56,\"two\nlines\"";
  const auto rows = parse_measurements_csv(text, "t.csv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].engine == "TensorRT-LLM 0.17 (TRT engine, trtllm-bench)");
  CHECK(rows[0].notes == "say \"hi\"");
  CHECK(rows[0].origin == "t.csv:2");
  CHECK(rows[1].origin == "t.csv:4");
  CHECK(rows[1].output_total.empty());
  CHECK(rows[1].notes == "two\nlines");
}

TEST_CASE("malformed tables are input errors naming the line") {
  CHECK(input_message("").find("empty file") != std::string::npos);
  CHECK(input_message("source,model\n").find("lacks columns") != std::string::npos);
  CHECK(input_message(std::string(k_header)).find("no rows") != std::string::npos);
  CHECK(input_message(std::string(k_header) + "a,b\n").find("t.csv:2: 2 fields, but the header has 14") !=
        std::string::npos);
  CHECK(input_message(std::string(k_header) + "\"open").find("never closed") != std::string::npos);
  CHECK(input_message(std::string(k_header) + "a\"b,c\n").find("t.csv:2: a quote inside") != std::string::npos);
  CHECK(input_message(std::string(k_header) + "\"a\"b,c\n").find("after a closing quote") != std::string::npos);
}

TEST_SUITE_END();
