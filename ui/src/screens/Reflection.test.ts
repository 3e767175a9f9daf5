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
  authority: 4,
  by_when: "2026-12-04",
};
/** Last week's reflection, shown faintly beside this week's questions. */
const lastWeek = {
  id: "p",
  week: "2026-W48",
  created_at: "",
  updated_at: "",
  completed_at: "2026-11-27T16:00:00Z",
  version: 3,
  answers: {
    ...emptyAnswers(),
    strength_source: "power",
    strength_note: "the reorg put me in charge",
    no_trust_lost: true,
    exercise: { ...emptyAnswers().exercise, relationship: "r1", authority: 4, trust: 2, step: previous.step },
  },
};

type Saved = { answers: ReturnType<typeof emptyAnswers>; version: number | null };
type Calendar = { week: string; path: string; summary: string; description: string };

/** The back end of a week with last week's step to follow up: saves go into `saved`;
 * finishing fails, naming what is missing. */
function mockWeek(saved: Saved[], calendars: Calendar[] = []) {
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
        return {
          week: "2026-W49",
          current_week: "2026-W49",
          reflection: null,
          follow_up_of: previous,
          previous: lastWeek,
          next_reflection_day: "2026-12-11",
          prompt: "heart",
        };
      case "suggest_calendar_path":
        return "/home/leader/Documents/steward-step-2026-W49.ics";
      case "save_step_calendar":
        calendars.push(args as Calendar);
        return "2026-12-11";
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
    expect(screen.getByText(/Not written · still open/)).toBeTruthy();

    await fireEvent.click(screen.getByLabelText("Done"));
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(saved).toHaveLength(1);
    const first = saved[0];
    expect(first.answers.follow_up.status).toBe("done");
    expect(first.version).toBeNull();

    await fireEvent.click(screen.getByRole("button", { name: "8. Finish" }));
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

  it("guides a returning week: the same person offered again, last week beside each question, Ctrl+Enter onwards", async () => {
    const saved: Saved[] = [];
    const calendars: Calendar[] = [];
    mockWeek(saved, calendars);
    render(ReflectionScreen, { onchange: () => {} });
    await screen.findByText(/share the roadmap reasoning/);
    expect(screen.getByText("Part 1 of 8")).toBeTruthy();
    await fireEvent.click(screen.getByLabelText("Done"));
    const trustNow = document.querySelector<HTMLInputElement>("input[name=trust-now][value='3']");
    await fireEvent.click(trustNow!);
    // Ctrl+Enter from inside the part goes on, like Next.
    await fireEvent.keyDown(screen.getByLabelText("What happened?"), { key: "Enter", ctrlKey: true });
    expect(await screen.findByText("Part 2 of 8")).toBeTruthy();
    expect(screen.getByText(/Power — the reorg put me in charge/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "3. Lost trust" }));
    await fireEvent.click(await screen.findByLabelText("Nothing this week"));
    expect(screen.queryByLabelText("When, and what happened")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "5. The exercise" }));
    expect(await screen.findByText(/Still working on Dana \(design lead\)\?/)).toBeTruthy();
    expect(screen.getByText(/Dana \(design lead\)'s trust in you: 3 of 5/)).toBeTruthy();
    await fireEvent.input(screen.getByLabelText("What would you like to hear from Dana (design lead)?"), {
      target: { value: "what I should stop doing" },
    });
    await fireEvent.input(screen.getByLabelText("Your step with Dana (design lead)"), {
      target: { value: "ask Dana to run the design review" },
    });
    await fireEvent.click(screen.getByRole("button", { name: "6. Trust account" }));
    const accountPerson = (await screen.findByLabelText("Whom did they concern most?")) as HTMLSelectElement;
    expect(accountPerson.selectedOptions[0].text).toBe("Dana (design lead), this week's person");
    // The week's optional prompt, from the library: its theme, the question, skippable.
    await fireEvent.click(screen.getByRole("button", { name: "7. One more question" }));
    expect(await screen.findByText("Leading through: soul, heart and mind")).toBeTruthy();
    expect(screen.getByRole("heading", { name: /^Heart: whom did you help to thrive/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Not this week" })).toBeTruthy();
    await fireEvent.input(screen.getByLabelText("Your answer"), {
      target: { value: "Sam, by letting him run the retro" },
    });
    expect(screen.queryByRole("button", { name: "Not this week" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "8. Finish" }));
    const answers = saved[saved.length - 1].answers;
    expect(answers.prompt).toEqual({ id: "heart", answer: "Sam, by letting him run the retro" });
    expect(answers.trust_account.relationship).toBeNull();
    expect(answers.no_trust_lost).toBe(true);
    expect(answers.exercise.relationship).toBe("r1");
    expect(answers.exercise.authority).toBe(4);
    expect(answers.exercise.trust).toBe(3);
    expect(answers.exercise.by_when).toBe("2026-12-11");
    expect(await screen.findByText("ask Dana to run the design review")).toBeTruthy();
    expect((screen.getByLabelText("By when") as HTMLSelectElement).value).toBe("2026-12-11");
    await fireEvent.click(screen.getByRole("button", { name: "Add to calendar" }));
    const path = (await screen.findByLabelText("Save the event to")) as HTMLInputElement;
    await new Promise((r) => setTimeout(r, 0));
    expect(path.value).toBe("/home/leader/Documents/steward-step-2026-W49.ics");
    await fireEvent.click(screen.getByRole("button", { name: "Save event" }));
    expect(await screen.findByText(/an all-day event on Friday, (11 December|December 11)/)).toBeTruthy();
    expect(calendars).toHaveLength(1);
    expect(calendars[0].summary).toBe("Your step with Dana (design lead): ask Dana to run the design review");
    expect(calendars[0].description).toContain("what I should stop doing");
  });

  it("lets the leader choose someone else than last week's person", async () => {
    mockWeek([]);
    render(ReflectionScreen, { onchange: () => {} });
    await screen.findByText(/share the roadmap reasoning/);
    await fireEvent.click(screen.getByRole("button", { name: "5. The exercise" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Someone else" }));
    expect((screen.getByLabelText("Relationship") as HTMLSelectElement).value).toBe("");
    expect(screen.queryByText(/Still working on/)).toBeNull();
    expect(screen.getByText("Their trust in you")).toBeTruthy();
  });
});
