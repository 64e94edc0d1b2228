/**
 * The shapes this plugin accepts, as class-validator DTOs: the SDK validates payloads, tool
 * arguments and the operator's configuration against them, and advertises the tools' input
 * schemas generated from them.
 */
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from "class-validator";

/** A note the agent asks the channel to deliver (`plugin.outbound.notes[.<channel>]`). */
export class OutboundNote {
  @IsString()
  @IsNotEmpty()
  to!: string;

  @IsString()
  @MaxLength(2000)
  text!: string;
}

/** Arguments of the `notes_search` tool. */
export class SearchArgs {
  @IsString()
  @IsNotEmpty()
  query!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

/** Arguments of the `notes_summarize` tool. */
export class SummarizeArgs {
  @IsString()
  @IsNotEmpty()
  topic!: string;
}

/**
 * One instance of the channel, as the operator configures it (`shape = "array"`: one entry per
 * instance). `nexo-plugin schema --toml` prints the manifest's `[plugin.config_schema]` from it.
 */
export class NotesInstance {
  /** The channel this instance serves: `default`, or the `<channel>` of `plugin.outbound.notes.<channel>`. */
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*$/)
  channel!: string;

  /** Appended to every receipt, so the agent can tell instances apart. */
  @IsString()
  @IsNotEmpty()
  signature!: string;

  /** Notes longer than this are refused. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  maxChars?: number;
}
