# A report over people.json (an array of {id, name, dept, salary, age, tags, manager, joined}):
# per department head count, salary statistics and tag counts; the managers with the most
# reports; a histogram of joining years; the longest names.
def stats: { n: length, total: add, min: min, max: max, mean: ((add / length) | floor) };
{
  departments: (group_by(.dept) | map({
    dept: .[0].dept,
    salary: (map(.salary) | stats),
    age: (map(.age) | stats),
    tags: (map(.tags[]) | group_by(.) | map({ (.[0]): length }) | add),
    senior: (map(select(.age > 50 and (.tags | index("lead")))) | map(.name) | sort | .[0:3])
  })),
  managers: (map(select(.manager != null)) | group_by(.manager)
    | map({ id: .[0].manager, reports: length, payroll: (map(.salary) | add) })
    | sort_by(-.reports, .id) | .[0:10]),
  years: (map(.joined | split("-")[0] | tonumber) | group_by(.) | map([.[0], length])),
  names: (map(.name) | unique | sort_by(-length, .) | .[0:5]),
  checksum: (map(.id * .salary % 9973) | add)
}
