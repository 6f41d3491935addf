#include "importers/source_import.h"

#include <simdjson.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cstdlib>
#include <deque>
#include <regex>
#include <set>

#include "fetch/http_get.h"
#include "graph/ids.h"
#include "inline_text.h"

namespace resgraph::importers {
namespace json = boost::json;
namespace {

std::string github_base(const SourceOptions& o) {
  if (!o.github_raw_base.empty()) return o.github_raw_base;
  if (const char* env = std::getenv("RESGRAPH_GITHUB_RAW_BASE"); env && *env) return env;
  return "https://raw.githubusercontent.com";
}

// "https://github.com/lorin/resilience-engineering" -> "github.com/lorin/resilience-engineering".
std::string source_name(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return url;
  std::string name = std::string(u->host()) + std::string(u->path());
  while (!name.empty() && name.back() == '/') name.pop_back();
  static const std::regex github_file(R"(^(github\.com/[^/]+/[^/]+)/(?:blob|tree)/.*$)");
  return std::regex_replace(name, github_file, "$1");
}

// The path a file has in its repository ("topics/x.md"), from its raw URL and the root's.
std::string path_in(const std::string& file_url, const std::string& root_url) {
  std::string dir = root_url.substr(0, root_url.rfind('/') + 1);
  if (file_url.starts_with(dir)) return file_url.substr(dir.size());
  return file_url.substr(file_url.rfind('/') + 1);
}

// Relative links to other Markdown files of the list, resolved against the file's URL and kept
// only inside the root's folder: a list's own pages, not the web.
std::vector<std::string> linked_files(std::string_view markdown, const std::string& file_url,
                                      const std::string& root_dir) {
  std::vector<std::string> out;
  auto base = boost::urls::parse_uri(file_url);
  if (!base) return out;
  // "](target.md)" or "](target.md#part)", scanned by hand: a fetched file is untrusted, and
  // std::regex recurses once per character of a long run.
  for (size_t at = markdown.find("]("); at != std::string_view::npos;
       at = markdown.find("](", at + 2)) {
    size_t start = at + 2;
    while (start < markdown.size() && markdown[start] == ' ') ++start;
    size_t len = markdown.substr(start, 501).find_first_of(") \t\n#");  // a path, not a page
    if (len == std::string_view::npos) continue;
    std::string target(markdown.substr(start, len));
    std::string lower = target;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!lower.ends_with(".md")) continue;
    if (target.find("://") != std::string::npos || target.starts_with("mailto:")) continue;
    auto ref = boost::urls::parse_uri_reference(target);
    if (!ref) continue;
    boost::urls::url resolved;
    if (!boost::urls::resolve(*base, *ref, resolved)) continue;
    std::string u(resolved.buffer());
    if (u.starts_with(root_dir)) out.push_back(u);
  }
  return out;
}

class SourceRun {
 public:
  SourceRun(Store& store, const WriteMeta& meta, const SourceOptions& o)
      : store_(store), meta_(meta), o_(o) {}

  // Fetches `file` (with `etag` when syncing) and imports it; returns its Markdown for links.
  std::optional<std::string> file(SourceReport& report, const SourceFile& file,
                                  const std::string& root_url, Status& fatal) {
    fetch::GetRequest req;
    req.url = file.url;
    req.if_none_match = file.etag;
    auto got = fetch::get(req);
    FileReport fr{file.path, file.url, false, {}};
    if (!got) {
      if (file.url == root_url) fatal = got.status();
      report.failures.push_back(file.path + ": " + got.status().message());
      return std::nullopt;
    }
    if (got->status == 304) {
      fr.unchanged = true;
      report.files.push_back(fr);
      kept_.push_back(file);
      return std::nullopt;
    }
    if (got->status != 200) {
      std::string why = file.url + " answered HTTP " + std::to_string(got->status);
      if (file.url == root_url) fatal = upstream(why);
      report.failures.push_back(file.path + ": " + why);
      return std::nullopt;
    }
    MarkdownSource src{report.source.name, file.path, file.url, got->etag};
    auto summary = import_markdown(store_, got->body, src, meta_, o_.dry_run, o_.explain);
    if (!summary) {
      if (summary.status().code() == Code::unavailable) fatal = summary.status();
      report.failures.push_back(file.path + ": " + summary.status().message());
      return std::nullopt;
    }
    fr.summary = std::move(*summary);
    report.files.push_back(std::move(fr));
    kept_.push_back({file.path, file.url, got->etag, now_ms()});
    return std::move(got->body);
  }

  // The root file, then the files it links to, breadth first, each once.
  Status crawl(SourceReport& report, const std::string& root_url,
               const std::vector<SourceFile>& known) {
    std::string root_dir = root_url.substr(0, root_url.rfind('/') + 1);
    std::deque<SourceFile> queue;
    std::set<std::string> seen;
    auto etag_of = [&](const std::string& url) {
      for (const auto& f : known)
        if (f.url == url) return f.etag;
      return std::string();
    };
    queue.push_back({path_in(root_url, root_url), root_url, etag_of(root_url), 0});
    seen.insert(root_url);
    for (const auto& f : known)  // a sync asks again for every file it has
      if (seen.insert(f.url).second) queue.push_back(f);
    Status fatal;
    while (!queue.empty() && report.files.size() + report.failures.size() < o_.max_files) {
      SourceFile f = queue.front();
      queue.pop_front();
      auto markdown = file(report, f, root_url, fatal);
      if (!fatal.is_ok()) return fatal;
      if (!markdown) continue;
      for (const auto& url : linked_files(*markdown, f.url, root_dir))
        if (seen.insert(url).second)
          queue.push_back({path_in(url, root_url), url, etag_of(url), 0});
    }
    return Status::ok();
  }

  Status record(SourceReport& report) {
    report.source.files = kept_;
    if (o_.dry_run) return Status::ok();
    // Nothing changed upstream: the record stands as it is, and the log gets no entry.
    if (auto known = store_.get_source(report.source.url); known) {
      auto same = [](const SourceFile& a, const SourceFile& b) {
        return a.path == b.path && a.url == b.url && a.etag == b.etag;
      };
      if (std::equal(kept_.begin(), kept_.end(), known->files.begin(), known->files.end(), same)) {
        report.source = std::move(*known);
        return Status::ok();
      }
    }
    auto saved = store_.record_source(report.source, meta_);
    if (!saved) return saved.status();
    report.source = std::move(*saved);
    return Status::ok();
  }

 private:
  Store& store_;
  WriteMeta meta_;
  const SourceOptions& o_;
  std::vector<SourceFile> kept_;
};

Result<SourceReport> run(Store& store, const std::string& url, const std::vector<SourceFile>& known,
                         const WriteMeta& meta, const SourceOptions& o) {
  if (url.size() > 2000) return invalid("a source URL is at most 2000 bytes");
  SourceReport report;
  report.source.url = url;
  report.source.name = source_name(url);
  std::string root = raw_url_of(url, github_base(o));
  SourceRun run(store, meta, o);
  if (auto s = run.crawl(report, root, known); !s.is_ok()) return s;
  if (auto s = run.record(report); !s.is_ok()) return s;
  return report;
}

}  // namespace

std::string raw_url_of(const std::string& url, const std::string& github_raw_base) {
  static const std::regex repo(R"(^https://github\.com/([^/]+)/([^/#?]+?)(?:\.git)?/?$)");
  static const std::regex blob(R"(^https://github\.com/([^/]+)/([^/]+)/blob/(.+)$)");
  static const std::regex tree(R"(^https://github\.com/([^/]+)/([^/]+)/tree/(.+?)/?$)");
  std::smatch m;
  if (std::regex_match(url, m, repo))
    return github_raw_base + "/" + m[1].str() + "/" + m[2].str() + "/HEAD/README.md";
  if (std::regex_match(url, m, blob))
    return github_raw_base + "/" + m[1].str() + "/" + m[2].str() + "/" + m[3].str();
  if (std::regex_match(url, m, tree))
    return github_raw_base + "/" + m[1].str() + "/" + m[2].str() + "/" + m[3].str() + "/README.md";
  return url;
}

Result<SourceReport> import_source(Store& store, const std::string& url, const WriteMeta& meta,
                                   const SourceOptions& options) {
  return store.with_one_sync([&] { return run(store, url, {}, meta, options); });
}

Result<SourceReport> sync_source(Store& store, const std::string& id_or_url, const WriteMeta& meta,
                                 const SourceOptions& options) {
  auto source = store.get_source(id_or_url);
  if (!source) return source.status();
  return store.with_one_sync([&] { return run(store, source->url, source->files, meta, options); });
}

std::string url_import_request(std::string_view body) {
  if (body.size() > 8192) return "";
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(body);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return "";
  simdjson::ondemand::object o;
  if (doc.get_object().get(o)) return "";
  std::string_view url;
  if (o.find_field_unordered("url").get_string().get(url)) return "";
  return std::string(url);
}

json::object to_json(const SourceReport& r) {
  json::array files, failures;
  for (const auto& f : r.files) {
    json::object o = to_json(f.summary);
    o["path"] = f.path;
    o["url"] = f.url;
    o["unchanged_upstream"] = f.unchanged;
    files.push_back(std::move(o));
  }
  for (const auto& f : r.failures) failures.push_back(json::string(f));
  return {{"source", resgraph::to_json(r.source)}, {"files", files}, {"failures", failures}};
}

}  // namespace resgraph::importers
