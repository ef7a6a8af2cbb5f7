"""Child runs, v1 style: the submitted run creates one child per greeting and logs to each.

    cairn run submit-script hello.py --source-dir examples/hello-children -e hello
"""
from azureml.core import Run

GREETINGS = ["hello", "bonjour", "hallo"]

run = Run.get_context()
children = run.create_children(tag_key="greeting", tag_values=GREETINGS)
for index, (child, greeting) in enumerate(zip(children, GREETINGS)):
    child.log("index", index)
    child.log("length", len(greeting))
    child.log_row("letters", greeting=greeting, count=len(set(greeting)))
    print(f"child {child.id}: {greeting}", flush=True)
    child.complete()

run.log("children", len(children))
print(f"{len(children)} children of {run.id}", flush=True)
