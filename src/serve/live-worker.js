// The shared worker of `dossier serve`: one event stream for all of a browser's tabs.
// It relays every event to every tab and replays the latest state to a tab that connects.
"use strict";
var ports = [];
var latest = { hello: null, failed: null };
var source = new EventSource("/__dossier/events");

["hello", "reload", "failed", "ok"].forEach(function (type) {
  source.addEventListener(type, function (e) {
    var message = { type: type, data: JSON.parse(e.data) };
    if (type === "hello" || type === "reload") latest.hello = { type: "hello", data: message.data };
    // The server follows every hello with `failed` while a build is failing.
    latest.failed = type === "failed" ? message : null;
    ports.forEach(function (port) {
      port.postMessage(message);
    });
  });
});

onconnect = function (e) {
  var port = e.ports[0];
  ports.push(port);
  port.onmessage = function (m) {
    if (m.data === "bye") ports = ports.filter(function (p) { return p !== port; });
  };
  if (latest.hello) port.postMessage(latest.hello);
  if (latest.failed) port.postMessage(latest.failed);
};
