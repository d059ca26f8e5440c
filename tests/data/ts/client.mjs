// The official TypeScript MCP client against a codegym-mcp episode URL: list tools, call some, read state.
// Usage: node client.mjs URL TOOL_CALLS_JSON  -> prints one JSON line with what it saw.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, callsJson] = process.argv.slice(2);
const client = new Client({ name: "ts-check", version: "0.0.1" });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
const tools = (await client.listTools()).tools.map((t) => t.name);
const results = [];
for (const [name, args] of JSON.parse(callsJson)) {
  const r = await client.callTool({ name, arguments: args });
  results.push({ text: r.content[0].text, isError: Boolean(r.isError) });
}
const state = JSON.parse((await client.readResource({ uri: "codegym://episode/state" })).contents[0].text);
console.log(JSON.stringify({ instructions: client.getInstructions() ?? "", tools, results, state }));
await client.close();
