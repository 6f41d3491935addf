// The peer: a WebSocket broadcast server on the npm `ws` package. POST /publish sends the body
// to every connected client, as resgraph's live stream sends each change to every subscriber.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/publish') { res.writeHead(404).end(); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const msg = Buffer.concat(chunks).toString();
    for (const ws of wss.clients) if (ws.readyState === 1) ws.send(msg);
    res.writeHead(200).end('{}');
  });
});
const wss = new WebSocketServer({ server });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
