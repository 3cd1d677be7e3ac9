// N-API binding to libsrt for the built-in SRT server: one live-mode listener per Server object, one worker
// thread per listener waiting in srt_epoll_uwait, events (connect requests, accepts, data, closes) marshalled to
// JS through one thread-safe function. Sends happen synchronously on the JS thread on non-blocking sockets.
//
// Threads and what they may touch:
//  - the JS thread: everything of a Core, and the only one that closes sockets or releases thread-safe functions;
//  - the worker thread of a Core: accept, recv, epoll, and Core::Enqueue;
//  - libsrt's receiver thread: ListenHook (the connect decision), which waits a bounded time for JS's answer;
//  - any libsrt thread: LogHandler, which only queues lines.
// A thread-safe function is used only under its guard mutex while its "alive" flag is set, so a finalizer running
// at environment teardown (in any order relative to our cleanup hooks) never races a post.
#include <napi.h>

#include <access_control.h>
#include <srt.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace {

// libsrt's largest live payload (MSS 1500 minus headers); senders usually use the 1316-byte default.
constexpr int kRecvBufferSize = 1500;
// Live mode rejects messages above SRTO_PAYLOADSIZE (1316 by default), so longer chunks are sent in pieces.
constexpr int kSendPieceSize = 1316;
// Received data waiting for JS beyond this is dropped, as a congested network would (live streaming).
constexpr size_t kMaxQueuedBytes = 32u << 20;
// libsrt's receiver thread is stalled while it waits for the connect decision, so the wait is short.
constexpr int kHookTimeoutMs = 1000;
constexpr int kEpollTimeoutMs = 50;
constexpr size_t kMaxReadsPerWake = 256;
constexpr size_t kMaxQueuedLogLines = 10000;

std::string FormatAddress(const sockaddr* sa) {
  if (sa == nullptr) return "";
  char host[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      in_addr v4;
      std::memcpy(&v4, in6->sin6_addr.s6_addr + 12, 4);
      inet_ntop(AF_INET, &v4, host, sizeof host);
      return std::string(host) + ":" + std::to_string(ntohs(in6->sin6_port));
    }
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "";
}

std::string LastError() {
  const char* text = srt_getlasterror_str();
  return text != nullptr ? text : "unknown SRT error";
}

// ---------------------------------------------------------------------------------------------------------------
// Server core

struct ConnectRequest {
  SRTSOCKET socket = SRT_INVALID_SOCK;
  int hsVersion = 0;
  std::string peer;
  std::string streamId;
  bool done = false;       // guarded by Core::hookMu
  bool abandoned = false;  // guarded by Core::hookMu
  int result = SRT_REJX_FORBIDDEN;
};

struct Event {
  enum class Type { Connect, Accept, Data, Close };
  Type type = Type::Data;
  SRTSOCKET socket = SRT_INVALID_SOCK;
  std::string text1;  // accept: peer; close: reason
  std::string text2;  // accept: stream id
  std::string data;
  std::vector<uint16_t> sizes;
  std::shared_ptr<ConnectRequest> request;
};

class Core;

struct TsfnContext {
  std::shared_ptr<Core> core;
};

void CallEventsJs(Napi::Env env, Napi::Function callback, TsfnContext* context, void* data);
using EventsTsfn = Napi::TypedThreadSafeFunction<TsfnContext, void, CallEventsJs>;

class Core {
 public:
  napi_env env = nullptr;
  SRTSOCKET listener = SRT_INVALID_SOCK;
  int eid = -1;
  std::atomic<bool> stopping{false};
  std::thread worker;
  bool shutDown = false;          // JS thread only
  bool cleanupHookAdded = false;  // JS thread only
  Napi::FunctionReference onConnect;

  std::mutex queueMu;
  std::vector<Event> queue;
  size_t queuedBytes = 0;
  bool callScheduled = false;
  uint64_t droppedBytes = 0;

  std::mutex tsfnMu;
  bool tsfnAlive = false;
  EventsTsfn tsfn;

  std::mutex hookMu;
  std::condition_variable hookCv;

  std::mutex socketsMu;
  std::set<SRTSOCKET> sockets;

  // Queues an event and makes sure a JS call will drain the queue. False once JS can no longer be reached.
  bool Enqueue(Event&& event) {
    bool schedule = false;
    {
      std::lock_guard<std::mutex> lock(queueMu);
      if (event.type == Event::Type::Data) {
        if (queuedBytes + event.data.size() > kMaxQueuedBytes) {
          droppedBytes += event.data.size();
          return true;
        }
        queuedBytes += event.data.size();
      }
      queue.push_back(std::move(event));
      if (!callScheduled) {
        callScheduled = true;
        schedule = true;
      }
    }
    if (!schedule) return true;
    std::lock_guard<std::mutex> lock(tsfnMu);
    if (!tsfnAlive) return false;
    return tsfn.NonBlockingCall() == napi_ok;
  }

  void WakeHooks() {
    { std::lock_guard<std::mutex> lock(hookMu); }
    hookCv.notify_all();
  }
};

// Cores whose worker may still run, for the exit handler (process.exit() skips environment cleanup hooks).
std::mutex* gCoresMu = new std::mutex();
std::set<Core*>* gCores = new std::set<Core*>();

// libsrt's receiver thread: the caller's stream id arrives before the handshake completes. JS decides; no answer
// within kHookTimeoutMs (or a closing server) rejects. The reject reason reaches the caller (e.g. "1404").
int ListenHook(void* opaque, SRTSOCKET socket, int hsVersion, const sockaddr* peer, const char* streamId) {
  auto* core = static_cast<Core*>(opaque);
  if (core->stopping.load()) {
    srt_setrejectreason(socket, SRT_REJX_DOWN);
    return -1;
  }
  auto request = std::make_shared<ConnectRequest>();
  request->socket = socket;
  request->hsVersion = hsVersion;
  request->peer = FormatAddress(peer);
  request->streamId = streamId != nullptr ? streamId : "";
  Event event;
  event.type = Event::Type::Connect;
  event.socket = socket;
  event.request = request;
  if (!core->Enqueue(std::move(event))) {
    srt_setrejectreason(socket, SRT_REJX_DOWN);
    return -1;
  }
  std::unique_lock<std::mutex> lock(core->hookMu);
  core->hookCv.wait_for(lock, std::chrono::milliseconds(kHookTimeoutMs), [&] { return request->done || core->stopping.load(); });
  if (!request->done) {
    request->abandoned = true;
    srt_setrejectreason(socket, core->stopping.load() ? SRT_REJX_DOWN : SRT_REJX_OVERLOAD);
    return -1;
  }
  if (request->result != 0) {
    srt_setrejectreason(socket, request->result);
    return -1;
  }
  return 0;
}

// One accept per readiness report: the listener is level-triggered, so a further pending connection reports
// again, and libsrt logs an error for every accept that finds nothing.
void AcceptOne(Core* core) {
  sockaddr_storage address;
  int length = sizeof address;
  SRTSOCKET socket = srt_accept(core->listener, reinterpret_cast<sockaddr*>(&address), &length);
  if (socket == SRT_INVALID_SOCK) return;
  char streamId[600];
  int streamIdLength = sizeof streamId - 1;
  if (srt_getsockflag(socket, SRTO_STREAMID, streamId, &streamIdLength) != 0) streamIdLength = 0;
  const bool no = false;
  srt_setsockflag(socket, SRTO_RCVSYN, &no, sizeof no);
  srt_setsockflag(socket, SRTO_SNDSYN, &no, sizeof no);
  {
    std::lock_guard<std::mutex> lock(core->socketsMu);
    core->sockets.insert(socket);
  }
  Event event;
  event.type = Event::Type::Accept;
  event.socket = socket;
  event.text1 = FormatAddress(reinterpret_cast<sockaddr*>(&address));
  event.text2.assign(streamId, static_cast<size_t>(std::max(0, streamIdLength)));
  // Queued before the socket can report data, so JS always learns of a connection before its bytes.
  core->Enqueue(std::move(event));
  const int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
  if (srt_epoll_add_usock(core->eid, socket, &events) != 0) {
    Event closed;
    closed.type = Event::Type::Close;
    closed.socket = socket;
    closed.text1 = LastError();
    core->Enqueue(std::move(closed));
  }
}

void WorkerLoop(Core* core) {
  std::vector<SRT_EPOLL_EVENT> ready(256);
  std::vector<char> buffer(kRecvBufferSize);
  while (!core->stopping.load()) {
    const int count = srt_epoll_uwait(core->eid, ready.data(), static_cast<int>(ready.size()), kEpollTimeoutMs);
    if (count < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    for (int i = 0; i < count && !core->stopping.load(); i++) {
      const SRTSOCKET socket = ready[i].fd;
      const int flags = ready[i].events;
      if (socket == core->listener) {
        AcceptOne(core);
        continue;
      }
      Event data;
      data.type = Event::Type::Data;
      data.socket = socket;
      bool broken = false;
      std::string reason;
      if ((flags & SRT_EPOLL_IN) != 0) {
        for (size_t reads = 0; reads < kMaxReadsPerWake; reads++) {
          const int received = srt_recvmsg(socket, buffer.data(), static_cast<int>(buffer.size()));
          if (received > 0) {
            data.data.append(buffer.data(), static_cast<size_t>(received));
            data.sizes.push_back(static_cast<uint16_t>(received));
            continue;
          }
          if (received == SRT_ERROR && srt_getlasterror(nullptr) != SRT_EASYNCRCV) {
            broken = true;
            reason = LastError();
          }
          break;
        }
      }
      if ((flags & SRT_EPOLL_ERR) != 0 && !broken) {
        broken = true;
        reason = "connection closed";
      }
      if (!data.sizes.empty()) core->Enqueue(std::move(data));
      if (broken) {
        srt_epoll_remove_usock(core->eid, socket);
        Event closed;
        closed.type = Event::Type::Close;
        closed.socket = socket;
        closed.text1 = reason;
        core->Enqueue(std::move(closed));
      }
    }
  }
}

// Runs on the JS thread: drains the queue. Connect requests are answered first (libsrt's receiver waits for them).
void CallEventsJs(Napi::Env env, Napi::Function callback, TsfnContext* context, void* /*data*/) {
  if (context == nullptr) return;
  Core* core = context->core.get();
  std::vector<Event> events;
  {
    std::lock_guard<std::mutex> lock(core->queueMu);
    events.swap(core->queue);
    core->queuedBytes = 0;
    core->callScheduled = false;
  }
  if (static_cast<napi_env>(env) == nullptr) {
    core->WakeHooks();
    return;
  }
  Napi::HandleScope scope(env);
  for (Event& event : events) {
    if (event.type != Event::Type::Connect) continue;
    ConnectRequest& request = *event.request;
    {
      std::lock_guard<std::mutex> lock(core->hookMu);
      if (request.abandoned || core->stopping.load()) continue;
    }
    int result = SRT_REJX_ISE;
    try {
      Napi::Value answer = core->onConnect.Call({
          Napi::Number::New(env, request.socket),
          Napi::String::New(env, request.streamId),
          Napi::String::New(env, request.peer),
          Napi::Number::New(env, request.hsVersion),
      });
      if (answer.IsNumber()) result = answer.As<Napi::Number>().Int32Value();
    } catch (const Napi::Error&) {
      // The JS side logs its own errors; a failing decision rejects.
    }
    {
      std::lock_guard<std::mutex> lock(core->hookMu);
      request.result = result;
      request.done = true;
    }
    core->hookCv.notify_all();
  }
  Napi::Array list = Napi::Array::New(env);
  uint32_t index = 0;
  for (Event& event : events) {
    if (event.type == Event::Type::Connect) continue;
    Napi::Object item = Napi::Object::New(env);
    item.Set("id", Napi::Number::New(env, event.socket));
    switch (event.type) {
      case Event::Type::Accept:
        item.Set("type", "accept");
        item.Set("peer", event.text1);
        item.Set("streamId", event.text2);
        break;
      case Event::Type::Data: {
        item.Set("type", "data");
        item.Set("data", Napi::Buffer<char>::Copy(env, event.data.data(), event.data.size()));
        Napi::Array sizes = Napi::Array::New(env, event.sizes.size());
        for (uint32_t i = 0; i < event.sizes.size(); i++) sizes.Set(i, Napi::Number::New(env, event.sizes[i]));
        item.Set("sizes", sizes);
        break;
      }
      case Event::Type::Close:
        item.Set("type", "close");
        item.Set("reason", event.text1);
        break;
      default:
        break;
    }
    list.Set(index++, item);
  }
  if (index > 0) callback.Call({list});
}

void FinalizeEventsTsfn(Napi::Env /*env*/, void* /*data*/, TsfnContext* context) {
  {
    std::lock_guard<std::mutex> lock(context->core->tsfnMu);
    context->core->tsfnAlive = false;
  }
  context->core->WakeHooks();
  delete context;
}

void CloseSocketQuietly(Core* core, SRTSOCKET socket) {
  if (core->eid >= 0) srt_epoll_remove_usock(core->eid, socket);
  srt_close(socket);
}

void EnvCleanup(void* arg);

// JS thread only. Idempotent. Order matters: wake a waiting connect decision before anything that may need
// libsrt's receiver thread (closing the listener takes the lock the waiting hook holds).
void Shutdown(Core* core, bool fromCleanupHook) {
  if (core->shutDown) return;
  core->shutDown = true;
  {
    std::lock_guard<std::mutex> lock(*gCoresMu);
    gCores->erase(core);
  }
  core->stopping.store(true);
  core->WakeHooks();
  if (core->worker.joinable()) core->worker.join();
  if (core->listener != SRT_INVALID_SOCK) {
    srt_close(core->listener);
    core->listener = SRT_INVALID_SOCK;
  }
  std::set<SRTSOCKET> sockets;
  {
    std::lock_guard<std::mutex> lock(core->socketsMu);
    sockets.swap(core->sockets);
  }
  for (SRTSOCKET socket : sockets) CloseSocketQuietly(core, socket);
  if (core->eid >= 0) {
    srt_epoll_release(core->eid);
    core->eid = -1;
  }
  {
    std::lock_guard<std::mutex> lock(core->tsfnMu);
    if (core->tsfnAlive) {
      core->tsfnAlive = false;
      core->tsfn.Release();
    }
  }
  if (core->cleanupHookAdded && !fromCleanupHook) napi_remove_env_cleanup_hook(core->env, EnvCleanup, core);
  core->cleanupHookAdded = false;
}

void EnvCleanup(void* arg) { Shutdown(static_cast<Core*>(arg), true); }

// ---------------------------------------------------------------------------------------------------------------
// Server: the JS-facing object

Napi::Object StatsObject(Napi::Env env, const SRT_TRACEBSTATS& s) {
  Napi::Object o = Napi::Object::New(env);
  auto u = [&](const char* name, double value) { o.Set(name, Napi::Number::New(env, value < 0 ? 0 : static_cast<double>(static_cast<int64_t>(value)))); };
  auto n = [&](const char* name, double value) { o.Set(name, Napi::Number::New(env, value)); };
  u("timestamp_ms", static_cast<double>(s.msTimeStamp));
  u("sent_pkt", static_cast<double>(s.pktSentTotal));
  u("recv_pkt", static_cast<double>(s.pktRecvTotal));
  u("sent_unique_pkt", static_cast<double>(s.pktSentUniqueTotal));
  u("recv_unique_pkt", static_cast<double>(s.pktRecvUniqueTotal));
  u("send_loss_pkt", s.pktSndLossTotal);
  u("recv_loss_pkt", s.pktRcvLossTotal);
  u("sent_retrans_pkt", s.pktRetransTotal);
  // Never cleared (bstats is called with clear=0), so the interval counter is the total since the socket began.
  u("recv_retran_pkts", s.pktRcvRetrans);
  u("sent_ack_pkt", s.pktSentACKTotal);
  u("recv_ack_pkt", s.pktRecvACKTotal);
  u("sent_nak_pkt", s.pktSentNAKTotal);
  u("recv_nak_pkt", s.pktRecvNAKTotal);
  // libsrt does not count key-material packets.
  u("send_km_pkt", 0);
  u("recv_km_pkt", 0);
  u("send_duration_us", static_cast<double>(s.usSndDurationTotal));
  u("send_drop_pkt", s.pktSndDropTotal);
  u("recv_drop_pkt", s.pktRcvDropTotal);
  u("recv_undecrypt_pkt", s.pktRcvUndecryptTotal);
  u("sent_bytes", static_cast<double>(s.byteSentTotal));
  u("recv_bytes", static_cast<double>(s.byteRecvTotal));
  u("sent_unique_bytes", static_cast<double>(s.byteSentUniqueTotal));
  u("recv_unique_bytes", static_cast<double>(s.byteRecvUniqueTotal));
  u("recv_loss_bytes", static_cast<double>(s.byteRcvLossTotal));
  u("sent_retrans_bytes", static_cast<double>(s.byteRetransTotal));
  u("send_drop_bytes", static_cast<double>(s.byteSndDropTotal));
  u("recv_drop_bytes", static_cast<double>(s.byteRcvDropTotal));
  u("recv_undecrypt_bytes", static_cast<double>(s.byteRcvUndecryptTotal));
  n("pkt_send_period_us", s.usPktSndPeriod);
  u("flow_window_pkt", s.pktFlowWindow);
  u("flight_size_pkt", s.pktFlightSize);
  n("rtt_ms", s.msRTT);
  n("bandwidth_mbit", s.mbpsBandwidth);
  u("avail_send_buf_bytes", s.byteAvailSndBuf);
  u("avail_recv_buf_bytes", s.byteAvailRcvBuf);
  n("max_bandwidth_mbit", s.mbpsMaxBW);
  u("mss_bytes", s.byteMSS);
  u("send_buf_pkt", s.pktSndBuf);
  u("send_buf_bytes", s.byteSndBuf);
  u("send_buf_ms", s.msSndBuf);
  u("send_tsbpd_delay_ms", s.msSndTsbPdDelay);
  u("recv_buf_pkt", s.pktRcvBuf);
  u("recv_buf_bytes", s.byteRcvBuf);
  u("recv_buf_ms", s.msRcvBuf);
  u("recv_tsbpd_delay_ms", s.msRcvTsbPdDelay);
  u("reorder_tolerance_pkt", s.pktReorderTolerance);
  u("pkt_recv_avg_belated_time_ms", s.pktRcvAvgBelatedTime + 0.5);
  return o;
}

bool ResolveBindAddress(const std::string& host, int port, sockaddr_storage& out, socklen_t& length, bool& anyV6) {
  std::memset(&out, 0, sizeof out);
  anyV6 = false;
  if (host.empty() || host == "::") {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
    in6->sin6_family = AF_INET6;
    in6->sin6_addr = in6addr_any;
    in6->sin6_port = htons(static_cast<uint16_t>(port));
    length = sizeof(sockaddr_in6);
    anyV6 = true;
    return true;
  }
  addrinfo hints;
  std::memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* result = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &result) != 0 || result == nullptr) return false;
  std::memcpy(&out, result->ai_addr, result->ai_addrlen);
  length = result->ai_addrlen;
  freeaddrinfo(result);
  if (out.ss_family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&out)->sin_port = htons(static_cast<uint16_t>(port));
  } else if (out.ss_family == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&out)->sin6_port = htons(static_cast<uint16_t>(port));
  } else {
    return false;
  }
  return true;
}

class Server : public Napi::ObjectWrap<Server> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Server",
                       {
                           InstanceMethod<&Server::Port>("port"),
                           InstanceMethod<&Server::ListenerId>("listenerId"),
                           InstanceMethod<&Server::Close>("close"),
                           InstanceMethod<&Server::CloseSocket>("closeSocket"),
                           InstanceMethod<&Server::Send>("send"),
                           InstanceMethod<&Server::Stats>("stats"),
                           InstanceMethod<&Server::State>("state"),
                           InstanceMethod<&Server::Dropped>("droppedBytes"),
                       });
  }

  // new Server({ host, port, passphrase?, latencyMs? }, onEvents(events), onConnect(id, streamId, peer, hsVersion) => rejectCode)
  explicit Server(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Server>(info), core_(std::make_shared<Core>()) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[0].IsObject() || !info[1].IsFunction() || !info[2].IsFunction()) {
      throw Napi::TypeError::New(env, "new Server(options, onEvents, onConnect)");
    }
    Napi::Object options = info[0].As<Napi::Object>();
    const std::string host = options.Has("host") && options.Get("host").IsString() ? options.Get("host").As<Napi::String>().Utf8Value() : "";
    const int port = options.Get("port").IsNumber() ? options.Get("port").As<Napi::Number>().Int32Value() : -1;
    if (port < 0 || port > 65535) throw Napi::RangeError::New(env, "port must be 0..65535");
    const std::string passphrase =
        options.Has("passphrase") && options.Get("passphrase").IsString() ? options.Get("passphrase").As<Napi::String>().Utf8Value() : "";
    const int latencyMs = options.Has("latencyMs") && options.Get("latencyMs").IsNumber() ? options.Get("latencyMs").As<Napi::Number>().Int32Value() : -1;

    Core* core = core_.get();
    core->env = env;
    core->onConnect = Napi::Persistent(info[2].As<Napi::Function>());

    sockaddr_storage address;
    socklen_t addressLength = 0;
    bool anyV6 = false;
    if (!ResolveBindAddress(host, port, address, addressLength, anyV6)) throw Napi::Error::New(env, "cannot resolve listen address '" + host + "'");

    std::string failure;
    core->listener = OpenListener(address, addressLength, anyV6, passphrase, latencyMs, failure);
    if (core->listener == SRT_INVALID_SOCK && anyV6) {
      // No IPv6 on this machine: all interfaces means all IPv4 interfaces.
      auto* in = reinterpret_cast<sockaddr_in*>(&address);
      std::memset(&address, 0, sizeof address);
      in->sin_family = AF_INET;
      in->sin_addr.s_addr = htonl(INADDR_ANY);
      in->sin_port = htons(static_cast<uint16_t>(port));
      std::string retryFailure;
      core->listener = OpenListener(address, sizeof(sockaddr_in), false, passphrase, latencyMs, retryFailure);
    }
    if (core->listener == SRT_INVALID_SOCK) throw Napi::Error::New(env, failure);

    core->eid = srt_epoll_create();
    const int listenEvents = SRT_EPOLL_IN | SRT_EPOLL_ERR;
    if (core->eid < 0 || srt_epoll_add_usock(core->eid, core->listener, &listenEvents) != 0) {
      const std::string error = LastError();
      srt_close(core->listener);
      core->listener = SRT_INVALID_SOCK;
      if (core->eid >= 0) srt_epoll_release(core->eid);
      core->eid = -1;
      throw Napi::Error::New(env, "srt epoll: " + error);
    }
    srt_epoll_set(core->eid, SRT_EPOLL_ENABLE_EMPTY);
    srt_listen_callback(core->listener, ListenHook, core);

    auto* context = new TsfnContext{core_};
    core->tsfn = EventsTsfn::New(env, info[1].As<Napi::Function>(), "srt-server", 0, 1, context, FinalizeEventsTsfn, static_cast<void*>(nullptr));
    core->tsfnAlive = true;

    napi_add_env_cleanup_hook(env, EnvCleanup, core);
    core->cleanupHookAdded = true;
    try {
      core->worker = std::thread(WorkerLoop, core);
    } catch (const std::system_error& error) {
      Shutdown(core, false);
      throw Napi::Error::New(env, std::string("srt worker thread: ") + error.what());
    }
    // Only the JS thread (this one) runs the exit handler, so registering after the start leaves no gap.
    std::lock_guard<std::mutex> lock(*gCoresMu);
    gCores->insert(core);
  }

  ~Server() override {
    if (core_) Shutdown(core_.get(), false);
  }

 private:
  static SRTSOCKET OpenListener(const sockaddr_storage& address, socklen_t length, bool anyV6, const std::string& passphrase, int latencyMs,
                                std::string& failure) {
    SRTSOCKET socket = srt_create_socket();
    if (socket == SRT_INVALID_SOCK) {
      failure = "srt socket: " + LastError();
      return SRT_INVALID_SOCK;
    }
    auto fail = [&](const std::string& what) {
      failure = what + ": " + LastError();
      srt_close(socket);
      return SRT_INVALID_SOCK;
    };
    const SRT_TRANSTYPE live = SRTT_LIVE;
    const bool no = false;
    if (srt_setsockflag(socket, SRTO_TRANSTYPE, &live, sizeof live) != 0) return fail("srt transtype");
    if (srt_setsockflag(socket, SRTO_RCVSYN, &no, sizeof no) != 0) return fail("srt rcvsyn");
    if (srt_setsockflag(socket, SRTO_SNDSYN, &no, sizeof no) != 0) return fail("srt sndsyn");
    if (anyV6) {
      const int v6only = 0;
      if (srt_setsockflag(socket, SRTO_IPV6ONLY, &v6only, sizeof v6only) != 0) return fail("srt ipv6only");
    }
    if (latencyMs >= 0 && srt_setsockflag(socket, SRTO_LATENCY, &latencyMs, sizeof latencyMs) != 0) return fail("srt latency");
    if (!passphrase.empty() &&
        srt_setsockflag(socket, SRTO_PASSPHRASE, passphrase.data(), static_cast<int>(passphrase.size())) != 0) {
      return fail("srt passphrase (10 to 79 characters)");
    }
    if (srt_bind(socket, reinterpret_cast<const sockaddr*>(&address), static_cast<int>(length)) != 0) return fail("srt bind");
    if (srt_listen(socket, 64) != 0) return fail("srt listen");
    return socket;
  }

  Core* Live(const Napi::CallbackInfo& info) {
    if (!core_ || core_->shutDown) throw Napi::Error::New(info.Env(), "the SRT server is closed");
    return core_.get();
  }

  Napi::Value Port(const Napi::CallbackInfo& info) {
    Core* core = Live(info);
    sockaddr_storage address;
    int length = sizeof address;
    if (srt_getsockname(core->listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) return Napi::Number::New(info.Env(), -1);
    const int port = address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
                                                   : ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    return Napi::Number::New(info.Env(), port);
  }

  Napi::Value ListenerId(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), Live(info)->listener); }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (core_) Shutdown(core_.get(), false);
    return info.Env().Undefined();
  }

  Napi::Value CloseSocket(const Napi::CallbackInfo& info) {
    if (!core_ || core_->shutDown || !info[0].IsNumber()) return info.Env().Undefined();
    const SRTSOCKET socket = info[0].As<Napi::Number>().Int32Value();
    bool known = false;
    {
      std::lock_guard<std::mutex> lock(core_->socketsMu);
      known = core_->sockets.erase(socket) > 0;
    }
    // Only sockets this server accepted: never the listener or another server's socket.
    if (known) CloseSocketQuietly(core_.get(), socket);
    return Napi::Boolean::New(info.Env(), known);
  }

  // send(ids, data, sizes): each message (data cut at sizes) to each socket. Per socket: bytes accepted by
  // libsrt, 0 when its send buffer was full (the message is dropped, as live mode does), -1 when broken.
  Napi::Value Send(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Core* core = Live(info);
    if (info.Length() < 3 || !info[0].IsArray() || !info[1].IsBuffer() || !info[2].IsArray()) {
      throw Napi::TypeError::New(env, "send(ids, data, sizes)");
    }
    Napi::Array ids = info[0].As<Napi::Array>();
    Napi::Buffer<char> data = info[1].As<Napi::Buffer<char>>();
    Napi::Array sizeList = info[2].As<Napi::Array>();
    std::vector<size_t> sizes(sizeList.Length());
    size_t total = 0;
    for (uint32_t i = 0; i < sizeList.Length(); i++) {
      const int64_t size = sizeList.Get(i).As<Napi::Number>().Int64Value();
      if (size < 0) throw Napi::RangeError::New(env, "negative message size");
      sizes[i] = static_cast<size_t>(size);
      total += sizes[i];
    }
    if (total > data.Length()) throw Napi::RangeError::New(env, "sizes exceed the data");
    Napi::Array results = Napi::Array::New(env, ids.Length());
    for (uint32_t k = 0; k < ids.Length(); k++) {
      const SRTSOCKET socket = ids.Get(k).As<Napi::Number>().Int32Value();
      bool known = false;
      {
        std::lock_guard<std::mutex> lock(core->socketsMu);
        known = core->sockets.count(socket) > 0;
      }
      int64_t sent = known ? 0 : -1;
      size_t offset = 0;
      for (size_t i = 0; i < sizes.size() && sent >= 0; i++) {
        size_t remaining = sizes[i];
        while (remaining > 0) {
          const int piece = static_cast<int>(std::min<size_t>(remaining, kSendPieceSize));
          const int result = srt_sendmsg2(socket, data.Data() + offset, piece, nullptr);
          if (result == SRT_ERROR) {
            const int code = srt_getlasterror(nullptr);
            if (code != SRT_EASYNCSND) {
              sent = -1;
              break;
            }
          } else {
            sent += result;
          }
          offset += static_cast<size_t>(piece);
          remaining -= static_cast<size_t>(piece);
        }
        if (sent < 0) break;
      }
      results.Set(k, Napi::Number::New(env, static_cast<double>(sent)));
    }
    return results;
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Live(info);
    if (!info[0].IsNumber()) return info.Env().Null();
    SRT_TRACEBSTATS stats;
    std::memset(&stats, 0, sizeof stats);
    if (srt_bstats(info[0].As<Napi::Number>().Int32Value(), &stats, 0) != 0) return info.Env().Null();
    return StatsObject(info.Env(), stats);
  }

  Napi::Value State(const Napi::CallbackInfo& info) {
    if (!info[0].IsNumber()) return Napi::Number::New(info.Env(), SRTS_NONEXIST);
    return Napi::Number::New(info.Env(), srt_getsockstate(info[0].As<Napi::Number>().Int32Value()));
  }

  Napi::Value Dropped(const Napi::CallbackInfo& info) {
    Core* core = Live(info);
    std::lock_guard<std::mutex> lock(core->queueMu);
    return Napi::Number::New(info.Env(), static_cast<double>(core->droppedBytes));
  }

  std::shared_ptr<Core> core_;
};

// ---------------------------------------------------------------------------------------------------------------
// libsrt log routing (process-wide in libsrt, so one handler at a time)

struct LogLine {
  int64_t ts = 0;
  int level = 0;
  std::string area;
  std::string message;
};

void CallLogJs(Napi::Env env, Napi::Function callback, std::nullptr_t* context, void* data);
using LogTsfn = Napi::TypedThreadSafeFunction<std::nullptr_t, void, CallLogJs>;

struct LogState {
  std::mutex mu;
  bool active = false;
  bool scheduled = false;
  uint64_t generation = 0;
  std::deque<LogLine> lines;
  LogTsfn tsfn;
  napi_env env = nullptr;
};
LogState* gLog = new LogState();  // never freed: libsrt threads may log during process exit

void LogHandler(void* /*opaque*/, int level, const char* /*file*/, int /*line*/, const char* area, const char* message) {
  LogLine line;
  line.ts = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  line.level = level;
  line.area = area != nullptr ? area : "";
  line.message = message != nullptr ? message : "";
  std::lock_guard<std::mutex> lock(gLog->mu);
  if (!gLog->active) return;
  if (gLog->lines.size() >= kMaxQueuedLogLines) return;
  gLog->lines.push_back(std::move(line));
  if (!gLog->scheduled) {
    gLog->scheduled = true;
    gLog->tsfn.NonBlockingCall();
  }
}

void CallLogJs(Napi::Env env, Napi::Function callback, std::nullptr_t* /*context*/, void* /*data*/) {
  std::deque<LogLine> lines;
  {
    std::lock_guard<std::mutex> lock(gLog->mu);
    lines.swap(gLog->lines);
    gLog->scheduled = false;
  }
  if (static_cast<napi_env>(env) == nullptr || lines.empty()) return;
  Napi::HandleScope scope(env);
  Napi::Array list = Napi::Array::New(env, lines.size());
  uint32_t index = 0;
  for (const LogLine& line : lines) {
    Napi::Object item = Napi::Object::New(env);
    item.Set("ts", Napi::Number::New(env, static_cast<double>(line.ts)));
    item.Set("level", Napi::Number::New(env, line.level));
    item.Set("area", line.area);
    item.Set("message", line.message);
    list.Set(index++, item);
  }
  callback.Call({list});
}

void FinalizeLogTsfn(Napi::Env /*env*/, uint64_t* generation, std::nullptr_t* /*context*/) {
  {
    std::lock_guard<std::mutex> lock(gLog->mu);
    if (gLog->generation == *generation) {
      gLog->active = false;
      gLog->lines.clear();
      gLog->scheduled = false;
    }
  }
  delete generation;
}

void DisableLogging() {
  srt_setloglevel(2 /* LOG_CRIT: libsrt's own default prints errors to stderr */);
  srt_resetlogfa(nullptr, 0);
}

// setLogHandler(handler | null, { level, areas }): routes libsrt's log lines of the given functional areas at or
// above the syslog level to handler([{ ts, level, area, message }]). The handler never keeps the process alive.
Napi::Value SetLogHandler(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  LogTsfn previous;
  bool hadPrevious = false;
  if (info.Length() > 0 && info[0].IsFunction()) {
    int level = 7;
    std::vector<int> areas;
    if (info.Length() > 1 && info[1].IsObject()) {
      Napi::Object options = info[1].As<Napi::Object>();
      if (options.Get("level").IsNumber()) level = options.Get("level").As<Napi::Number>().Int32Value();
      if (options.Get("areas").IsArray()) {
        Napi::Array list = options.Get("areas").As<Napi::Array>();
        for (uint32_t i = 0; i < list.Length(); i++) {
          if (list.Get(i).IsNumber()) areas.push_back(list.Get(i).As<Napi::Number>().Int32Value());
        }
      }
    }
    auto* generation = new uint64_t(0);
    LogTsfn tsfn = LogTsfn::New(env, info[0].As<Napi::Function>(), "srt-log", 0, 1, static_cast<std::nullptr_t*>(nullptr), FinalizeLogTsfn, generation);
    tsfn.Unref(env);
    {
      std::lock_guard<std::mutex> lock(gLog->mu);
      if (gLog->active) {
        previous = gLog->tsfn;
        hadPrevious = true;
      }
      *generation = ++gLog->generation;
      gLog->tsfn = tsfn;
      gLog->env = env;
      gLog->active = true;
      gLog->lines.clear();
      gLog->scheduled = false;
    }
    // libsrt calls below may log: never while holding gLog->mu.
    srt_setloglevel(level);
    srt_resetlogfa(areas.data(), areas.size());
  } else {
    DisableLogging();
    std::lock_guard<std::mutex> lock(gLog->mu);
    if (gLog->active) {
      previous = gLog->tsfn;
      hadPrevious = true;
    }
    gLog->generation++;
    gLog->active = false;
    gLog->lines.clear();
    gLog->scheduled = false;
  }
  if (hadPrevious) previous.Release();
  return env.Undefined();
}

// ---------------------------------------------------------------------------------------------------------------
// Module lifetime

std::atomic<int> gEnvironments{0};
std::once_flag gProcessInit;

// process.exit() ends the process without environment cleanup hooks: stop the workers before libsrt's own static
// destructors run, and make sure no thread posts to a thread-safe function any more.
void AtExit() {
  {
    std::lock_guard<std::mutex> lock(gLog->mu);
    gLog->active = false;
  }
  std::vector<Core*> cores;
  {
    std::lock_guard<std::mutex> lock(*gCoresMu);
    cores.assign(gCores->begin(), gCores->end());
    gCores->clear();
  }
  for (Core* core : cores) {
    {
      std::lock_guard<std::mutex> lock(core->tsfnMu);
      core->tsfnAlive = false;
    }
    core->stopping.store(true);
    core->WakeHooks();
  }
  for (Core* core : cores) {
    if (core->worker.joinable() && core->worker.get_id() != std::this_thread::get_id()) core->worker.join();
  }
}

void ModuleCleanup(void* arg) {
  auto* env = static_cast<napi_env>(arg);
  bool release = false;
  LogTsfn tsfn;
  {
    std::lock_guard<std::mutex> lock(gLog->mu);
    if (gLog->active && gLog->env == env) {
      gLog->active = false;
      gLog->lines.clear();
      tsfn = gLog->tsfn;
      release = true;
    }
  }
  if (release) {
    DisableLogging();
    tsfn.Release();
  }
  if (--gEnvironments == 0) srt_cleanup();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  std::call_once(gProcessInit, [] {
    srt_setloghandler(nullptr, LogHandler);
    srt_setlogflags(SRT_LOGF_DISABLE_TIME | SRT_LOGF_DISABLE_THREADNAME | SRT_LOGF_DISABLE_EOL);
    DisableLogging();
    std::atexit(AtExit);
  });
  if (gEnvironments++ == 0) srt_startup();
  // Added before any Server's hook, so it runs after them (hooks run in reverse order).
  napi_add_env_cleanup_hook(env, ModuleCleanup, static_cast<napi_env>(env));
  exports.Set("Server", Server::Define(env));
  exports.Set("setLogHandler", Napi::Function::New(env, SetLogHandler, "setLogHandler"));
  exports.Set("version", Napi::String::New(env, SRT_VERSION_STRING));
  return exports;
}

}  // namespace

NODE_API_MODULE(srt, Init)
