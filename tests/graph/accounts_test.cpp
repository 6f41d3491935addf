#include <rocksdb/db.h>

#include <chrono>
#include <thread>

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

TEST(Passwords, AreArgon2idAndVerifyOnlyTheirOwnPassword) {
  auto hash = hash_password("correct horse battery");
  ASSERT_TRUE(hash.is_ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(*hash, "correct horse battery"));
  EXPECT_FALSE(verify_password(*hash, "correct horse batterY"));
  EXPECT_FALSE(verify_password("", "correct horse battery"));
  EXPECT_NE(*hash_password("correct horse battery"), *hash);  // salted
  EXPECT_EQ(hash_password("too short").status().code(), Code::invalid);
}

TEST_F(StoreTest, AnInvitationMakesOneAccountBeforeItExpires) {
  auto inv = store->create_invitation(Role::contributor, "", 60'000, {"mona", "invited"});
  ASSERT_TRUE(inv.is_ok());
  const std::string hash = *hash_password("correct horse battery");
  EXPECT_EQ(store->join("not-the-code", "erin", hash).status().code(), Code::not_found);
  auto erin = store->join(inv->code, "erin", hash);
  ASSERT_TRUE(erin.is_ok()) << erin.status().message();
  EXPECT_EQ(erin->role, Role::contributor);
  EXPECT_EQ(erin->invited_by, "mona");
  EXPECT_EQ(store->join(inv->code, "frank", hash).status().code(), Code::conflict);
  auto user = store->check_password("erin", "correct horse battery");
  ASSERT_TRUE(user.is_ok());
  EXPECT_EQ(user->role, Role::contributor);
  EXPECT_EQ(store->check_password("erin", "wrong horse battery").status().code(),
            Code::unauthorized);

  auto brief = store->create_invitation(Role::reader, "", 1, {"mona", "invited"});
  ASSERT_TRUE(brief.is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(store->join(brief->code, "gail", hash).status().code(), Code::not_found);
  EXPECT_EQ(store->get_account("gail").status().code(), Code::not_found);  // nothing made
}

TEST_F(StoreTest, SessionsEndAndRevokedTokensStopWhileOthersWork) {
  auto first = store->add_user("alice", Role::contributor);
  ASSERT_TRUE(first.is_ok());
  auto second = store->create_token("alice", "laptop", {"alice", ""});
  ASSERT_TRUE(second.is_ok());
  auto user = store->authenticate(second->second);
  ASSERT_TRUE(user.is_ok());
  EXPECT_EQ(user->credential, "token:" + second->first.id);
  ASSERT_TRUE(store->revoke_token("alice", second->first.id, {"alice", ""}).is_ok());
  EXPECT_EQ(store->authenticate(second->second).status().code(), Code::unauthorized);
  EXPECT_TRUE(store->authenticate(*first).is_ok());

  auto session = store->start_session(*user, 60'000);
  ASSERT_TRUE(session.is_ok());
  auto again = store->authenticate_session(session->id);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->csrf, session->csrf);
  ASSERT_TRUE(store->set_role("alice", Role::reader, {"mona", ""}).is_ok());
  EXPECT_EQ(store->authenticate_session(session->id)->role, Role::reader);  // at once
  ASSERT_TRUE(store->set_suspended("alice", true, {"mona", ""}).is_ok());
  EXPECT_EQ(store->authenticate_session(session->id).status().code(), Code::unauthorized);
  EXPECT_EQ(store->authenticate(*first).status().code(), Code::unauthorized);
  ASSERT_TRUE(store->set_suspended("alice", false, {"mona", ""}).is_ok());
  ASSERT_TRUE(store->end_session(session->id).is_ok());
  EXPECT_EQ(store->authenticate_session(session->id).status().code(), Code::unauthorized);
  EXPECT_TRUE(store->check().ok());
}

TEST(ConstantTimeEqual, ComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace resgraph::testing
