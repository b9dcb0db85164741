"""The guided interview behind `dsar new`.

- `questions`: the wording of each question (from letters/interview/questions.toml);
- `checks`: validation of typed answers, reusing dsar.profile and dsar.identifiers;
- `flow`: which question comes next given the answers so far (pure, no terminal);
- `suggest`: answers -> suggested organisations;
- `state`: saving and resuming answers;
- `prompts`: the questionary layer (the only module that needs a terminal);
- `session`: runs the flow with a prompter, the review screen, then the letters.
"""
