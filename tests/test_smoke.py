def test_receptionist_sees_the_day(browser, world):
    assert browser.login(world.emails["receptionist"]).status_code == 302
    page = browser.get("/day")
    assert page.status_code == 200
    assert "Elif Kaya" in page.get_data(as_text=True)
