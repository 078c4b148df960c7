// multipart/form-data parsing (RFC 7578): delimiters, headers of parts, limits.
#include "api/multipart.h"

#include <gtest/gtest.h>

namespace tamga::api {
namespace {

std::string Field(const std::string& boundary, const std::string& name, const std::string& value) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
         value + "\r\n";
}

TEST(MultipartTest, BoundaryFromContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;BOUNDARY=\"a b;c\""), "a b;c");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; boundary=----x1"), "----x1");
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary="), std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')),
            std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/mixed; boundary=abc"), std::nullopt);
  EXPECT_EQ(MultipartBoundary("application/json"), std::nullopt);
}

TEST(MultipartTest, FieldsAndFilesInOrder) {
  // The file's content holds CR, LF, a NUL (Z below), the boundary followed by other text and the
  // boundary after a bare LF: all content, not delimiters.
  const std::string content = "%PDF-1.4\r\nbinaryZ\r\n--xyzNOT a delimiter\n--xyz ";
  std::string body = "preamble to ignore\r\n" + Field("xyz", "kind", "passport") +
                     "--xyz\r\nContent-Disposition: form-data; name=\"file\"; "
                     "filename=\"scan \\\"1\\\";a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
                     content + "\r\n--xyz--\r\nepilogue";
  body[body.find("binaryZ") + 6] = '\0';
  auto parts = ParseMultipart(body, "xyz");
  ASSERT_TRUE(parts.has_value()) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "kind");
  EXPECT_EQ((*parts)[0].file_name, "");
  EXPECT_EQ((*parts)[0].content, "passport");
  EXPECT_FALSE(IsFilePart((*parts)[0]));
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].file_name, "scan \"1\";a.pdf");
  // CR, LF and the boundary not at a line start (or followed by other text) are content.
  std::string expected = content;
  expected[expected.find("binaryZ") + 6] = '\0';
  EXPECT_EQ((*parts)[1].content, expected);
  EXPECT_TRUE(IsFilePart((*parts)[1]));
}

TEST(MultipartTest, EmptyValuesUnquotedParametersAndCaseOfHeaders) {
  std::string body =
      "--b\r\ncontent-disposition: FORM-DATA; name=note; filename=\"\"\r\n\r\n\r\n"
      "--b\r\nX-Other: 1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--";
  auto parts = ParseMultipart(body, "b");
  ASSERT_TRUE(parts.has_value()) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "note");
  EXPECT_EQ((*parts)[0].content, "");
  EXPECT_FALSE(IsFilePart((*parts)[0]));
  EXPECT_EQ((*parts)[1].content, "x");
}

TEST(MultipartTest, MalformedBodiesAreRefused) {
  struct Case {
    const char* what;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"no delimiter", "just text"},
      {"missing final boundary", Field("b", "kind", "passport")},
      {"cut inside a part", "--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npass"},
      {"no headers end", "--b\r\nnot a part\r\n"},
      {"no Content-Disposition", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"},
      {"no headers at all", "--b\r\n\r\nx\r\n--b--"},
      {"not form-data", "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--"},
      {"no name", "--b\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--b--"},
      {"unterminated quote", "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--"},
      {"bare LF header line",
       "--b\r\nContent-Disposition: form-data; name=\"a\"\nX: y\r\n\r\nx\r\n--b--"},
      {"header line without colon", "--b\r\nContent-Disposition form-data\r\n\r\nx\r\n--b--"},
      {"junk after the only delimiter",
       "--b junk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx"},
  };
  for (const Case& c : cases) {
    auto parts = ParseMultipart(c.body, "b");
    ASSERT_FALSE(parts.has_value()) << c.what;
    EXPECT_FALSE(parts.error().too_large) << c.what;
    EXPECT_EQ(parts.error().field, "body") << c.what;
    EXPECT_NE(parts.error().message.find("malformed"), std::string::npos) << c.what;
  }
}

TEST(MultipartTest, LimitsNameThePartOverIt) {
  MultipartLimits limits;
  limits.max_parts = 3;
  limits.max_field_bytes = 10;
  limits.max_file_bytes = 20;
  auto field = ParseMultipart(Field("b", "number", std::string(11, '7')) + "--b--", "b", limits);
  ASSERT_FALSE(field.has_value());
  EXPECT_TRUE(field.error().too_large);
  EXPECT_EQ(field.error().field, "number");

  auto exact = ParseMultipart(Field("b", "number", std::string(10, '7')) +
                                  Field("b", "file", std::string(20, 'x')) + "--b--",
                              "b", limits);
  EXPECT_TRUE(exact.has_value());
  auto file = ParseMultipart(Field("b", "file", std::string(21, 'x')) + "--b--", "b", limits);
  ASSERT_FALSE(file.has_value());
  EXPECT_TRUE(file.error().too_large);
  EXPECT_EQ(file.error().field, "file");

  std::string many;
  for (int i = 0; i < 4; ++i) many += Field("b", "kind", "x");
  auto parts = ParseMultipart(many + "--b--", "b", limits);
  ASSERT_FALSE(parts.has_value());
  EXPECT_TRUE(parts.error().too_large);
  EXPECT_EQ(parts.error().field, "body");

  limits.max_header_bytes = 30;
  auto header = ParseMultipart(Field("b", std::string(40, 'n'), "x") + "--b--", "b", limits);
  ASSERT_FALSE(header.has_value());
  EXPECT_FALSE(header.error().too_large);
}

}  // namespace
}  // namespace tamga::api
