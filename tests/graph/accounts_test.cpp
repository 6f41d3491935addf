#include <rocksdb/db.h>

#include "store_fixture.h"

namespace resgraph::testing {

TEST(Sha256, MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST_F(StoreTest, TokenAuthenticatesItsUserWithItsRole) {
  auto token = store->add_user("alice", Role::contributor);
  ASSERT_TRUE(token.is_ok());
  auto user = store->authenticate(*token);
  ASSERT_TRUE(user.is_ok());
  EXPECT_EQ(user->name, "alice");
  EXPECT_EQ(user->role, Role::contributor);
}

TEST_F(StoreTest, WrongOrMalformedTokensAreRefused) {
  auto token = store->add_user("alice", Role::moderator);
  ASSERT_TRUE(token.is_ok());
  std::string wrong = *token;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_EQ(store->authenticate(wrong).status().code(), Code::unauthorized);
  EXPECT_EQ(store->authenticate("rg.bob." + token->substr(token->rfind('.') + 1)).status().code(),
            Code::unauthorized);
  EXPECT_EQ(store->authenticate("garbage").status().code(), Code::unauthorized);
  EXPECT_EQ(store->add_user("alice", Role::reader).status().code(), Code::conflict);
  EXPECT_EQ(store->add_user("Bad Name", Role::reader).status().code(), Code::invalid);
}

TEST_F(StoreTest, OnlyASaltedHashOfTheSecretIsStored) {
  auto token = store->add_user("carol", Role::reader);
  ASSERT_TRUE(token.is_ok());
  std::string secret = token->substr(token->rfind('.') + 1);
  store.reset();
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir.sub("store"), &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  size_t values = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++values) {
    EXPECT_EQ(it->value().ToString().find(secret), std::string::npos);
    EXPECT_EQ(it->value().ToString().find(sha256_hex(secret)), std::string::npos);  // salted
  }
  EXPECT_GT(values, 0u);
}

TEST(ConstantTimeEqual, ComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace resgraph::testing
