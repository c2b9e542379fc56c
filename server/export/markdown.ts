/** The report as GitHub-flavoured Markdown: plain text a team can diff, paste or convert with pandoc. */
import type { ConsultationReport } from "../services/report-types";
import { reportDocument, type Block } from "./document";

const BAR_WIDTH = 20;

/**
 * Panel text is text, not markup: characters Markdown would read as formatting, links or HTML are
 * escaped, so a comment cannot turn into a heading, a link or a raw HTML block.
 */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

/** Also escapes what would start a list, a quote or a setext heading at the start of a line. */
export function escapeMarkdown(text: string): string {
  return escapeInline(text).replace(/^(\s*)([-+=]|\d+\.)(?=\s|$)/gm, (_, space: string, marker: string) => `${space}\\${marker}`);
}

/** A table cell: one line (GFM cells cannot span lines), pipes escaped. */
function cell(text: string): string {
  return escapeInline(text).replace(/\n+/g, "<br>") || " ";
}

export function bar(share: number, width = BAR_WIDTH): string {
  const full = Math.round((share / 100) * width);
  return "█".repeat(full) + "░".repeat(width - full);
}

function table(header: string[], rows: string[][], align: ("left" | "right")[]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(align.map((a) => (a === "right" ? "---:" : ":---"))), ...rows.map(line)].join("\n");
}

function render(block: Block): string {
  switch (block.kind) {
    case "title":
      return [`# ${escapeInline(block.title)}`, `**${escapeInline(block.subtitle)}**`, ...block.lines.map(escapeMarkdown)].join("\n\n");
    case "heading":
      return `${"#".repeat(block.level + 1)} ${escapeInline(block.text)}`;
    case "paragraph": {
      const text = escapeMarkdown(block.text).replace(/\n/g, "  \n");
      if (block.tone === "notice" || block.tone === "warning") return `> **${text}**`;
      if (block.tone === "muted") return `*${text}*`;
      return block.bold ? `**${text}**` : text;
    }
    case "list":
      return block.items.map((item) => `- ${escapeMarkdown(item).replace(/\n/g, " ")}`).join("\n");
    case "table":
      return [
        `*${escapeInline(block.caption)}*`,
        table(
          block.columns.map((c) => cell(c.header)),
          block.rows.map((r) => r.map(cell)),
          block.columns.map((c) => c.align ?? "left"),
        ),
      ].join("\n\n");
    case "distribution":
      return [
        `*${escapeInline(block.caption)}*`,
        table(
          ["Rating", "Count", "Share", "Chart"],
          block.bars.map((b) => [cell(b.label), String(b.count), `${b.share}%`, `\`${bar(b.share)}\``]),
          ["left", "right", "right", "left"],
        ),
      ].join("\n\n");
    case "quote": {
      const body = escapeMarkdown(block.text).replace(/\n/g, "  \n" + (block.reply ? "> > " : "> "));
      const prefix = block.reply ? "> > " : "> ";
      const who = `**${escapeInline(block.who)}**${block.reply ? " (reply)" : ""}:`;
      return `${prefix}${who}  \n${prefix}${block.hidden ? `*${body}*` : body}`;
    }
    case "pageBreak":
      return "---";
  }
}

export function renderMarkdown(report: ConsultationReport): string {
  const blocks = reportDocument(report);
  const parts: string[] = [];
  for (const block of blocks) {
    // A break before the first section would leave a rule under the title: skip it.
    if (block.kind === "pageBreak" && parts.length === 0) continue;
    parts.push(render(block));
  }
  return parts.join("\n\n") + "\n";
}
