/**
 * A channel plugin for "notes": it delivers outbound notes and publishes receipts, keeps an
 * audit log of everything on its channel, summarises a thread with a streamed completion on
 * request, and offers two tools backed by the daemon's memory and LLM. Operators see its
 * delivery counts over HTTP (`GET /notes/stats`), reset them with an admin call, and scrape them
 * as Prometheus metrics.
 */
import { Counter } from "prom-client";
import {
  AdminMethod,
  Get,
  HttpError,
  NexoPlugin,
  OnEvent,
  OnShutdown,
  Plugin,
  Tool,
  textResult,
  type Event,
  type EventContext,
  type HttpRequest,
  type HttpResponse,
  type TextToolResult,
  type ToolContext,
} from "nexoai";
import { OutboundNote, SearchArgs, SummarizeArgs } from "./dto";

/** Where the channel reports back to the agent. */
const INBOUND = "plugin.inbound.notes";

@Plugin()
export class NotesPlugin extends NexoPlugin {
  private delivered = 0;
  /** Notes delivered per channel since start or the last reset. */
  private readonly byChannel = new Map<string, number>();
  private readonly deliveries = new Counter({
    name: "notes_delivered_total",
    help: "Notes delivered, per channel",
    labelNames: ["channel"],
    registers: [this.metrics],
  });

  /** Delivers a note sent to the default channel or to a named one (`plugin.outbound.notes.<channel>`). */
  @OnEvent("plugin.outbound.notes", { payload: OutboundNote })
  @OnEvent("plugin.outbound.notes.*", { payload: OutboundNote })
  async deliver(event: Event<OutboundNote>, ctx: EventContext<OutboundNote>): Promise<void> {
    this.delivered += 1;
    const channel = ctx.captures[0] ?? "default";
    this.byChannel.set(channel, (this.byChannel.get(channel) ?? 0) + 1);
    this.deliveries.inc({ channel });
    await this.publish(INBOUND, { kind: "receipt", channel, to: event.payload.to, chars: event.payload.text.length });
  }

  /** Every event on the channel, whatever its shape, lands in the audit log. */
  @OnEvent("plugin.outbound.notes.>")
  audit(event: Event): void {
    this.log.info("outbound event", { topic: event.topic, session: event.sessionId });
  }

  /** `plugin.outbound.notes.<channel>.summarize`: streams a summary back to that channel. */
  @OnEvent("plugin.outbound.notes.*.summarize")
  async summarizeThread(event: Event, ctx: EventContext): Promise<void> {
    const channel = ctx.captures[0]!;
    const stream = this.broker.llmCompleteStream({
      provider: "default",
      model: "default",
      messages: [{ role: "user", content: `Summarise the ${channel} thread: ${JSON.stringify(event.payload)}` }],
      maxTokens: 256,
    });
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const result = await stream.result;
    await this.publish(`${INBOUND}.${channel}`, { kind: "summary", text: chunks.join(""), finish_reason: result.finish_reason });
  }

  @Tool({ name: "notes_search", description: "Search the agent's memory for notes", input: SearchArgs })
  async search(args: SearchArgs, ctx: ToolContext): Promise<TextToolResult> {
    const entries = await ctx.broker.memoryRecall(ctx.agentId ?? "", args.query, { limit: args.limit ?? 5 });
    if (entries.length === 0) return textResult(`no notes about "${args.query}"`);
    return textResult(entries.map((e) => `- ${e.content}`).join("\n"));
  }

  @Tool({ name: "notes_summarize", description: "Summarise what memory holds about a topic", input: SummarizeArgs })
  async summarize(args: SummarizeArgs, ctx: ToolContext): Promise<TextToolResult> {
    const entries = await ctx.broker.memoryRecall(ctx.agentId ?? "", args.topic);
    const completion = await ctx.broker.llmComplete({
      provider: "default",
      model: "default",
      systemPrompt: "Answer in one sentence.",
      messages: [{ role: "user", content: `Summarise: ${entries.map((e) => e.content).join(" / ") || "nothing"}` }],
    });
    return textResult(completion.content ?? "");
  }

  /** `GET /notes/stats`: what was delivered, per channel. */
  @Get("/stats")
  stats(): HttpResponse {
    return { status: 200, body: { delivered: this.delivered, channels: Object.fromEntries(this.byChannel) } };
  }

  /** `GET /notes/stats/<channel>`: one channel's count; 404 for a channel nothing was delivered to. */
  @Get("/stats/:channel")
  channelStats(request: HttpRequest): HttpResponse {
    const channel = request.params["channel"]!;
    const count = this.byChannel.get(channel);
    if (count === undefined) throw new HttpError(404, `nothing delivered to ${channel}`);
    return { status: 200, body: { channel, delivered: count } };
  }

  /** `nexo/admin/notes/stats/reset`: forgets the per-channel counts (the metrics keep counting). */
  @AdminMethod("stats/reset")
  resetStats(): { forgotten: number } {
    const forgotten = [...this.byChannel.values()].reduce((sum, n) => sum + n, 0);
    this.byChannel.clear();
    return { forgotten };
  }

  @OnShutdown()
  close(): void {
    this.log.info("notes channel closing", { delivered: this.delivered });
  }
}
