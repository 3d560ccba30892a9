// One line at the top of the page for what went wrong (or right), as text.
let timer;

export function showNotice(message, seconds = 6) {
  const notice = document.getElementById('notice');
  notice.textContent = message;
  notice.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { notice.hidden = true; }, seconds * 1000);
}
