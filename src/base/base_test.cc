#include <gtest/gtest.h>

#include "base/sha256.h"
#include "base/time.h"

namespace tamga::base {
namespace {

TEST(Sha256Test, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(IsSha256Hex(Sha256Hex("x")));
  EXPECT_FALSE(IsSha256Hex("ABC"));
}

TEST(TimeTest, IsoUtcWithMilliseconds) {
  std::chrono::system_clock::time_point t{std::chrono::milliseconds(1664187300123)};
  EXPECT_EQ(IsoUtc(t), "2022-09-26T10:15:00.123Z");
}

}  // namespace
}  // namespace tamga::base
