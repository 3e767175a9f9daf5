import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ReflectionScreen from "./Reflection.svelte";
import { emptyAnswers } from "../lib/reflection";

afterEach(() => {
  cleanup();
  clearMocks();
});

const status = {
  week: "2026-W49",
  due_at: "2026-12-04T16:00:00+00:00",
  due: true,
  completed: false,
  draft: false,
  missed: ["2026-W46"],
  streak: 1,
  longest_streak: 1,
};
const previous = {
  week: "2026-W48",
  relationship_id: "r1",
  relationship: "Dana (design lead)",
  step_type: "transparency",
  step: "share the roadmap reasoning",
  feedback_request: "what makes you hold back",
  trust: 2,
};

type Saved = { answers: ReturnType<typeof emptyAnswers>; version: number | null };

/** The back end of a week with last week's step to follow up: saves go into `saved`;
 * finishing fails, naming what is missing. */
function mockWeek(saved: Saved[]) {
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "list_relationships":
        return [
          {
            id: "r1",
            name: "Dana (design lead)",
            archived: false,
            created_at: "",
            updated_at: "",
            version: 1,
          },
        ];
      case "reflection_overview":
        return {
          status,
          follow_up_of: previous,
          schedule: { weekday: "friday", time: "16:00", week_start: "monday", notify: true },
          reflections: [],
        };
      case "get_reflection":
        return { week: "2026-W49", current_week: "2026-W49", reflection: null, follow_up_of: previous };
      case "save_reflection": {
        const a = args as Saved;
        saved.push(a);
        return {
          id: "x",
          week: "2026-W49",
          created_at: "",
          updated_at: "",
          completed_at: null,
          version: saved.length,
          answers: a.answers,
        };
      }
      case "finish_reflection":
        throw {
          code: "incomplete_reflection",
          message: "to finish the reflection of 2026-W49, answer: strength_source, exercise.step",
          missing: ["strength_source", "exercise.step"],
        };
      default:
        return null;
    }
  });
}

describe("Weekly reflection screen", () => {
  it("starts with last week's step, saves answers as a draft and names what is missing to finish", async () => {
    const saved: Saved[] = [];
    mockWeek(saved);
    render(ReflectionScreen, { onchange: () => {} });
    expect(await screen.findByText(/share the roadmap reasoning/)).toBeTruthy();
    expect(screen.getByText(/Missed — write it now/)).toBeTruthy();

    await fireEvent.click(screen.getByLabelText("Done"));
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(saved).toHaveLength(1);
    const first = saved[0];
    expect(first.answers.follow_up.status).toBe("done");
    expect(first.version).toBeNull();

    await fireEvent.click(screen.getByRole("button", { name: "7. Finish" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Finish reflection" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("where your strength comes from (question 1)");
    expect(alert.textContent).toContain("the step itself");
  });

  it("keeps a step not taken for this week and asks back for the feedback", async () => {
    const saved: Saved[] = [];
    mockWeek(saved);
    render(ReflectionScreen, { onchange: () => {} });
    await screen.findByText(/share the roadmap reasoning/);
    expect(screen.queryByText("This week's step")).toBeNull();
    await fireEvent.click(screen.getByLabelText("Not done"));
    await fireEvent.click(await screen.findByLabelText("Keep this step for this week"));
    await fireEvent.click(screen.getByLabelText("Not yet"));
    expect(screen.queryByLabelText("What did Dana (design lead) say?")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    const answers = saved[saved.length - 1].answers;
    expect(answers.follow_up.status).toBe("not_done");
    expect(answers.follow_up.asked_for_feedback).toBe(false);
    expect(answers.exercise.relationship).toBe("r1");
    expect(answers.exercise.step).toBe("share the roadmap reasoning");
    expect(answers.exercise.step_type).toBe("transparency");
    expect(answers.exercise.feedback_request).toBe("what makes you hold back");
  });
});
