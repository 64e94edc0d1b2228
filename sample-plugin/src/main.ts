/**
 * The plugin's entry point: the daemon starts this file (through bin/notes) as a child process.
 */
import { bootstrap } from "nexoai";
import { NotesPlugin } from "./notes-plugin";

void bootstrap(NotesPlugin);
