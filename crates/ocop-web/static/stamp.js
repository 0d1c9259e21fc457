// "Share my approximate place" on a stamp's page: asks the browser for the position only
// when the button is pressed, rounds it to 0.1 degree (about 10 km) here already, and
// reopens the page with it, so the server records this scan with a coarse place.
(function () {
  var button = document.getElementById("share-place");
  if (!button || !navigator.geolocation) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      var lat = position.coords.latitude.toFixed(1);
      var lon = position.coords.longitude.toFixed(1);
      window.location.search = "loc=" + lat + "," + lon;
    });
  });
})();
