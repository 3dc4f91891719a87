// First-line forms. Without JavaScript everything still works: "Add a follow-up" then asks the
// server for another row, and the intake checklist and the open-space question stay visible.
(function () {
  function setup(form) {
    const total = form.querySelector('input[name$="-TOTAL_FORMS"]');
    const template = form.querySelector("#follow-up-empty");
    const rows = form.querySelector("#follow-up-rows");
    const add = form.querySelector("[data-add-follow-up]");
    if (add && total && template && rows) {
      add.addEventListener("click", (event) => {
        event.preventDefault();
        const index = parseInt(total.value, 10) || 0;
        rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
        total.value = String(index + 1);
        const first = rows.lastElementChild && rows.lastElementChild.querySelector("input, select, textarea");
        if (first) first.focus();
      });
    }
    const kind = form.querySelector("[name=kind]");
    const location = form.querySelector("[name=location]");
    const intake = form.querySelector("[data-intake]");
    const privacy = form.querySelector("[data-privacy]");
    const sync = () => {
      if (intake && kind) intake.hidden = kind.value !== "intake";
      if (privacy && location) privacy.hidden = location.value !== "open_space";
    };
    form.addEventListener("change", sync);
    sync();
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-session-form]").forEach(setup);
  });
})();
