import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders Markdown", () => {
    const html = renderMarkdown("# Title\n\n**bold** and _soft_\n\n- one\n- two");
    expect(html).toContain("<h1");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<li>one</li>");
  });

  it("makes HTML and script payloads inert", () => {
    const html = renderMarkdown(
      '<script>window.pwned = 1</script><img src=x onerror="window.pwned=2"><a href="javascript:alert(1)">x</a><iframe src="https://evil"></iframe><div style="position:fixed">s</div>',
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("onerror");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("<iframe");
    expect(html).not.toContain("style=");
    const holder = document.createElement("div");
    holder.innerHTML = html;
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });
});
