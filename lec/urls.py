app_name = "lec"

urlpatterns: list = []
