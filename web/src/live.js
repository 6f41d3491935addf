// The live connection: subscribes from the last sequence the app holds, applies each change,
// resumes after a drop without missing or repeating anything, and says how it is doing.
import { session, signedOut } from './api.js';

// Why the server closes a connection whose credential no longer holds (server/live_hub.cpp).
const CREDENTIAL_ENDED = {
  'signed out': 'You signed out in another tab.',
  'the token was revoked': 'Your token was revoked: sign in again.',
  'the account is suspended': 'Your account is suspended.',
};

export function connectLive({ model, status, onChange, onPresence, onDrop = () => {}, onOpen = () => {} }) {
  let ws = null;
  let closed = false;
  let retry = 500;
  let timer = null;
  let restarting = false;

  function setStatus(state, text) { status.dataset.state = state; status.textContent = text; }

  function open() {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const token = session.token ? `?token=${encodeURIComponent(session.token)}` : '';
    ws = new WebSocket(`${proto}://${location.host}/api/live${token}`);
    ws.onopen = () => {
      retry = 500;
      setStatus('syncing', 'catching up…');
      ws.send(JSON.stringify({ type: 'subscribe', since: model.lastSeq }));
      onOpen();
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === 'change' && msg.seq > model.lastSeq) onChange(msg);
      else if (msg.type === 'caught_up') setStatus('live', 'live');
      else if (msg.type === 'presence') onPresence(msg);
      else if (msg.type === 'resync') location.reload();
    };
    ws.onclose = (ev) => {
      if (closed) return;
      onDrop();
      if (ev.code === 1008 && CREDENTIAL_ENDED[ev.reason]) {
        // Signed out elsewhere: say so, and go on reading as anyone.
        signedOut(CREDENTIAL_ENDED[ev.reason]);
        restarting = true;
      }
      if (restarting) {  // a new identity after sign-in: reopen at once
        restarting = false;
        setStatus('syncing', 'reconnecting…');
        open();
        return;
      }
      setStatus('offline', 'offline — reconnecting');
      timer = setTimeout(open, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }
  open();
  return {
    presence(node, state) { if (ws?.readyState === 1) ws.send(JSON.stringify({ type: 'presence', node, state })); },
    reconnect() {
      restarting = true;
      // Closing a socket still connecting is an error in the console: close it once open.
      if (ws?.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close();
      else ws?.close();
    },
    close() { closed = true; clearTimeout(timer); ws?.close(); },
  };
}
