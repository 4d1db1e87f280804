"""The interactive page in a real browser: headless Chromium opens it from a file:// URL,
draws a non-empty network, shows tooltips, and makes no http(s) request at all.

Chromium is driven over the DevTools protocol (a websocket), which lets the test both
count every request the page makes and read the drawn network's node count."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import rdflib

from migkg.graph.network import build_network, render

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "network-mini.ttl"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-quic",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
]

if CHROMIUM is None:
    pytest.skip("chromium is not installed (Debian package 'chromium')", allow_module_level=True)

websocket = pytest.importorskip("websocket", reason="websocket-client is a test dependency")


class DevTools:
    """The smallest DevTools client the test needs: commands, and events kept in order."""

    def __init__(self, url: str) -> None:
        self.ws = websocket.create_connection(url, timeout=30)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    return event
            self.events.append(json.loads(self.ws.recv()))
        raise AssertionError(f"no {method} within {timeout} s")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The page of the fixture network loaded in Chromium; yields (devtools, requests)."""
    rdf = rdflib.Graph()
    rdf.parse(FIXTURE)
    html = tmp_path_factory.mktemp("page") / "network.html"
    html.write_bytes(render(build_network(rdf, include={"instruments", "levels"}), "html"))
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            assert process.poll() is None, "chromium exited before opening DevTools"
            assert time.monotonic() < deadline, "chromium did not open DevTools in 30 s"
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            target = next(t for t in json.load(reply) if t["type"] == "page")
        devtools = DevTools(target["webSocketDebuggerUrl"])
        devtools.call("Network.enable")
        devtools.call("Page.enable")
        devtools.call("Page.navigate", url=html.as_uri())
        devtools.wait_for("Page.loadEventFired")
        requests = [
            e["params"]["request"]["url"] for e in devtools.events if e.get("method") == "Network.requestWillBeSent"
        ]
        yield devtools, requests
        devtools.ws.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_page_makes_no_network_request(page):
    devtools, requests = page
    # Give late loaders (fonts, images set by script) a moment to fire.
    devtools.evaluate("new Promise(resolve => setTimeout(resolve, 500))")
    requests += [
        e["params"]["request"]["url"]
        for e in devtools.events
        if e.get("method") == "Network.requestWillBeSent" and e["params"]["request"]["url"] not in requests
    ]
    assert requests, "the page load itself should have been seen"
    assert all(url.startswith("file://") or url.startswith("data:") for url in requests), requests


def test_page_draws_the_network(page):
    devtools, _ = page
    # 6 actors + 3 instruments + 3 levels in the fixture; 16 edges counted by hand there.
    assert devtools.evaluate("network.body.data.nodes.length") == 12
    assert devtools.evaluate("network.body.data.edges.length") == 16
    painted = devtools.evaluate("""(() => {
        const canvas = document.querySelector('#network canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
        return painted;
    })()""")
    assert painted > 1000, "the canvas is (almost) blank"


def test_tooltips_carry_label_type_and_recommendations(page):
    devtools, _ = page
    node = devtools.evaluate("""network.body.data.nodes.get(
        'https://w3id.org/migkg/id/actor/member-states').title.innerText""")
    assert "Member States" in node and "mentions: 4" in node
    edge = devtools.evaluate("""(() => {
        const edges = network.body.data.edges.get();
        const e = edges.find(e => [e.from, e.to].sort().join(' ') ===
            'https://w3id.org/migkg/id/actor/cities https://w3id.org/migkg/id/actor/member-states');
        return e.title.innerText;
    })()""")
    assert "para. 1" in edge and "para. 3" in edge
    assert "Member States should support cities." in edge


def test_hovering_a_node_shows_its_tooltip(page):
    devtools, _ = page
    # where vis-network drew Member States, in page coordinates
    point = devtools.evaluate("""(() => {
        const id = 'https://w3id.org/migkg/id/actor/member-states';
        const dom = network.canvasToDOM(network.getPositions([id])[id]);
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    })()""")
    for x in (point["x"] - 40, point["x"]):  # arrive from the side, as a mouse does
        devtools.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=point["y"])
    devtools.evaluate("new Promise(resolve => setTimeout(resolve, 600))")
    tooltip = devtools.evaluate("""(() => {
        const tip = document.querySelector('div.vis-tooltip');
        return tip && getComputedStyle(tip).visibility !== 'hidden' ? tip.innerText : null;
    })()""")
    assert tooltip is not None, "no tooltip after hovering Member States"
    assert tooltip.startswith("Member States") and "addressed by 4 statement(s)" in tooltip


def test_nodes_are_coloured_by_type_and_sized_by_centrality(page):
    devtools, _ = page
    nodes = {
        n["id"].rsplit("/", 1)[-1]: n
        for n in devtools.evaluate(
            "network.body.data.nodes.get().map(n => ({id: n.id, color: n.color, size: n.size, type: n.type}))"
        )
    }
    colour_of_type = {}
    for n in nodes.values():
        assert colour_of_type.setdefault(n["type"], n["color"]) == n["color"]
    assert len(set(colour_of_type.values())) == len(colour_of_type)
    # Member States has the highest degree centrality in the fixture, cities beats IOM
    assert nodes["member-states"]["size"] == max(n["size"] for n in nodes.values())
    assert nodes["cities"]["size"] > nodes["iom"]["size"]


def test_hovering_an_edge_shows_the_recommendations_behind_it(page):
    devtools, _ = page
    ids = ["https://w3id.org/migkg/id/actor/member-states", "https://w3id.org/migkg/id/actor/cities"]
    point = devtools.evaluate(f"""(() => {{
        const ids = {json.dumps(ids)};
        const pos = network.getPositions(ids);
        const a = network.canvasToDOM(pos[ids[0]]), b = network.canvasToDOM(pos[ids[1]]);
        const box = document.getElementById('network').getBoundingClientRect();
        return {{x: box.left + (a.x + b.x) / 2, y: box.top + (a.y + b.y) / 2}};
    }})()""")
    devtools.call("Input.dispatchMouseEvent", type="mouseMoved", x=1, y=point["y"])
    devtools.call("Input.dispatchMouseEvent", type="mouseMoved", x=point["x"], y=point["y"])
    devtools.evaluate("new Promise(resolve => setTimeout(resolve, 600))")
    tooltip = devtools.evaluate("""(() => {
        const tip = document.querySelector('div.vis-tooltip');
        return tip && getComputedStyle(tip).visibility !== 'hidden' ? tip.innerText : null;
    })()""")
    assert tooltip is not None, "no tooltip after hovering the Member States - cities edge"
    assert "A/99/2 para. 3 (recommendation): Member States should support cities." in tooltip
