/**
 * The shapes this plugin accepts, as class-validator DTOs: the SDK validates payloads and tool
 * arguments against them and advertises the tools' input schemas generated from them.
 */
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from "class-validator";

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
