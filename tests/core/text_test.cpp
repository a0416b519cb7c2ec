#include "core/text.hpp"

#include <gtest/gtest.h>

namespace redress::core {
namespace {

TEST(Text, AcceptsCyrillicAndArmenian) {
    EXPECT_TRUE(IsValidUtf8("Жалоба: картридж не печатает"));
    EXPECT_TRUE(IsValidUtf8("Բողոք՝ տպիչը չի աշխատում"));
    EXPECT_TRUE(IsValidUtf8("Оплакване 😀"));
}

TEST(Text, RejectsMalformedUtf8) {
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong "/"
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a UTF-16 surrogate
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(IsValidUtf8("abc\xD0"));           // truncated sequence
    EXPECT_FALSE(IsValidUtf8("\x80"));              // a lone continuation byte
}

TEST(Text, CountsCharactersNotBytes) {
    EXPECT_EQ(CodePointCount("Жалоба"), 6u);
    EXPECT_EQ(CodePointCount("Բողոք"), 5u);
    EXPECT_EQ(CodePointCount("abc"), 3u);
}

TEST(Text, FindsControlCharacters) {
    EXPECT_TRUE(HasControlCharacters("a\x01" "b", true));
    EXPECT_TRUE(HasControlCharacters("line\nbreak", false));
    EXPECT_FALSE(HasControlCharacters("line\nbreak\ttab", true));
    EXPECT_TRUE(HasControlCharacters("c1 \xC2\x85 control", true));
}

TEST(Text, EmailShapes) {
    EXPECT_TRUE(IsEmailShape("anna.petrova@example.ru"));
    EXPECT_TRUE(IsEmailShape("user+tag@пример.рф"));
    EXPECT_FALSE(IsEmailShape("no-at-sign.example.com"));
    EXPECT_FALSE(IsEmailShape("two@@example.com"));
    EXPECT_FALSE(IsEmailShape("user@localhost"));
    EXPECT_FALSE(IsEmailShape("user name@example.com"));
    EXPECT_FALSE(IsEmailShape("user@example..com"));
}

TEST(Text, PhoneShapes) {
    EXPECT_TRUE(IsPhoneShape("+7 (495) 123-45-67"));
    EXPECT_TRUE(IsPhoneShape("+374 10 123456"));
    EXPECT_TRUE(IsPhoneShape("02 987 6543 ext 12"));
    EXPECT_FALSE(IsPhoneShape("1234"));
    EXPECT_FALSE(IsPhoneShape("call me maybe"));
    EXPECT_FALSE(IsPhoneShape("12+34567"));
}

TEST(Text, ExcerptCutsOnCharacterBoundary) {
    EXPECT_EQ(Excerpt("Жалоба на качество", 6), "Жалоба…");
    EXPECT_EQ(Excerpt("short", 10), "short");
}

}  // namespace
}  // namespace redress::core
